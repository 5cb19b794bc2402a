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
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.haven.intake.attachment.AttachmentBinding;
import org.haven.intake.attachment.AttachmentClaim;
import org.haven.web.HavenConfig;

/** Stores sealed reports and serves the reporter's mailbox. Sees ciphertext only. */
@ApplicationScoped
public class IntakeService {

    private final ReportRepository reports;
    private final IntakeKeyRepository intakeKeys;
    private final MailboxMessageRepository messages;
    private final ReceiptTokens tokens;
    private final Pool pool;
    private final AttachmentBinding attachments;
    private final int retentionDays;
    private final Clock clock = Clock.systemUTC();

    private static final String REPORT_FOR_MESSAGE = "select id from report where token_hash = $1 for update";
    private static final String KNOWN_KEY = "select 1 from intake_key where kid = $1";
    private static final String INSERT_MESSAGE = "insert into mailbox_message (id, report_id, sender, envelope, "
            + "sender_copy, sent_hour) values ($1, $2, 'reporter', $3, $4, $5)";
    // The reporter answered: a report waiting for them is back in review, and kept a full retention period from today.
    private static final String TOUCH_REPORT = "update report set status = case when status = 'waiting' "
            + "then 'in_review' else status end, expires_on = greatest(expires_on, $2) where id = $1";

    public IntakeService(ReportRepository reports, IntakeKeyRepository intakeKeys, MailboxMessageRepository messages,
            ReceiptTokens tokens, Pool pool, AttachmentBinding attachments, HavenConfig config) {
        this.pool = pool;
        this.attachments = attachments;
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
    public Uni<Boolean> addReporterMessage(byte[] token, org.haven.crypto.Envelope toCaseworkers,
            org.haven.crypto.Envelope copy) {
        return addReporterMessage(token, toCaseworkers, copy, List.of());
    }

    /**
     * As above, binding the named uploads to the message (and its report) in the same transaction; a refused
     * upload refuses the message (docs/attachments.md section 8). Plain SQL on one connection, because the
     * binding must share the message's transaction.
     */
    public Uni<Boolean> addReporterMessage(byte[] token, org.haven.crypto.Envelope toCaseworkers,
            org.haven.crypto.Envelope copy, List<AttachmentClaim> claims) {
        UUID messageId = UUID.randomUUID();
        LocalDate keepUntil = LocalDate.now(clock).plusDays(retentionDays);
        return pool.withTransaction(conn -> conn.preparedQuery(REPORT_FOR_MESSAGE)
                .execute(Tuple.of(Buffer.buffer(tokens.hash(token)).getDelegate()))
                .chain(reportRows -> {
                    if (reportRows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    UUID reportId = reportRows.iterator().next().getUUID(0);
                    return conn.preparedQuery(KNOWN_KEY).execute(Tuple.of(toCaseworkers.kid())).chain(keyRows -> {
                        if (keyRows.size() == 0) {
                            return Uni.createFrom().item(false);
                        }
                        Tuple message = Tuple.of(messageId, reportId, toCaseworkers.toJson(), copy.toJson(),
                                OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC));
                        return conn.preparedQuery(INSERT_MESSAGE).execute(message)
                                .chain(() -> conn.preparedQuery(TOUCH_REPORT).execute(Tuple.of(reportId, keepUntil)))
                                .chain(() -> attachments.bind(conn, claims, toCaseworkers.kid(), reportId, messageId))
                                .replaceWith(true);
                    });
                }));
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
