package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.haven.web.HavenConfig;

/** Stores sealed reports and serves the reporter's mailbox. Sees ciphertext only. */
@ApplicationScoped
public class IntakeService {

    private final ReportRepository reports;
    private final IntakeKeyRepository intakeKeys;
    private final MailboxMessageRepository messages;
    private final ReceiptTokens tokens;
    private final int retentionDays;
    private final Clock clock = Clock.systemUTC();

    public IntakeService(ReportRepository reports, IntakeKeyRepository intakeKeys, MailboxMessageRepository messages,
            ReceiptTokens tokens, HavenConfig config) {
        this.reports = reports;
        this.intakeKeys = intakeKeys;
        this.messages = messages;
        this.tokens = tokens;
        this.retentionDays = config.intake().retentionDays();
    }

    @WithSession
    public Uni<IntakeKey> activeKey() {
        return intakeKeys.findActive();
    }

    /** The report behind a lookup token, with its mailbox, or null if there is none (withdrawn, expired, mistyped). */
    @WithSession
    public Uni<Mailbox> mailbox(byte[] token) {
        return reports.findByTokenHash(tokens.hash(token)).chain(report -> report == null
                ? Uni.createFrom().nullItem()
                : messages.forReport(report.id).map(list -> new Mailbox(report, list)));
    }

    /**
     * Stores the reporter's message: sealed to an intake key for caseworkers, with a copy sealed to the
     * report's own mailbox key so the reporter can read it back. False if no report matches the token or
     * the intake key is unknown.
     */
    @WithTransaction
    public Uni<Boolean> addReporterMessage(byte[] token, org.haven.crypto.Envelope toCaseworkers,
            org.haven.crypto.Envelope copy) {
        return reports.findByTokenHash(tokens.hash(token)).chain(report -> {
            if (report == null) {
                return Uni.createFrom().item(false);
            }
            return intakeKeys.findById(toCaseworkers.kid()).chain(key -> {
                if (key == null) {
                    return Uni.createFrom().item(false);
                }
                MailboxMessage message = new MailboxMessage();
                message.id = UUID.randomUUID();
                message.reportId = report.id;
                message.sender = "reporter";
                message.envelope = toCaseworkers.toJson();
                message.senderCopy = copy.toJson();
                message.sentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
                if (ReportStatus.WAITING.code().equals(report.status)) {
                    report.status = ReportStatus.IN_REVIEW.code();
                }
                report.keepFor(retentionDays, LocalDate.now(clock));
                return messages.persist(message).replaceWith(true);
            });
        });
    }

    /** Records a new consent choice; false if no report matches the token. */
    @WithTransaction
    public Uni<Boolean> changeConsent(byte[] token, Consent consent) {
        return reports.findByTokenHash(tokens.hash(token)).map(report -> {
            if (report == null) {
                return false;
            }
            report.consent = consent.code();
            return true;
        });
    }

    /** Deletes the report and everything tied to it; false if no report matches the token. */
    @WithTransaction
    public Uni<Boolean> withdraw(byte[] token) {
        return reports.findByTokenHash(tokens.hash(token)).chain(report -> report == null
                ? Uni.createFrom().item(false)
                : reports.delete(report).replaceWith(true));
    }

    /** Purges reports past their retention date; returns how many went. */
    @WithTransaction
    public Uni<Long> purgeExpired() {
        return reports.deleteExpired(LocalDate.now(clock));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report as its reporter may see it: status and consent, and the sealed messages. */
    public record Mailbox(Report report, List<MailboxMessage> messages) {
    }
}
