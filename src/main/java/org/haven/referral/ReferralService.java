package org.haven.referral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.haven.casework.account.StaffPrincipal;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;
import org.haven.intake.IntakeKeyRepository;
import org.haven.intake.Report;
import org.haven.intake.ReportRepository;
import org.haven.web.HavenConfig;
import org.haven.web.Problem;

/**
 * Proposing, approving, cancelling and re-queueing referrals. A referral reaches the outbox only through
 * {@link #propose} or {@link #approve}, each of which runs the whole {@link ReferralFirewall} and commits the
 * outbox row, the referral and its audit entry in one transaction. A blocked attempt is audited too.
 */
@ApplicationScoped
public class ReferralService {

    private final ReferralRepository referrals;
    private final OutboxRepository outbox;
    private final ReportRepository reports;
    private final IntakeKeyRepository intakeKeys;
    private final AuditLog audit;
    private final ReferralFiles files;
    private final HavenConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReferralService(ReferralRepository referrals, OutboxRepository outbox, ReportRepository reports,
            IntakeKeyRepository intakeKeys, AuditLog audit, ReferralFiles files, HavenConfig config) {
        this.referrals = referrals;
        this.outbox = outbox;
        this.reports = reports;
        this.intakeKeys = intakeKeys;
        this.audit = audit;
        this.files = files;
        this.config = config;
    }

    /** What became of a proposal or approval: the referral, or the verdict that blocked it. */
    public record Outcome(Optional<Referral> referral, ReferralFirewall.Verdict verdict) {
    }

    /**
     * Checks a caseworker's draft for a report; if it passes, stores the referral and (without required
     * approval) queues it for delivery.
     */
    @WithTransaction
    public Uni<Outcome> propose(StaffPrincipal staff, UUID reportId, JsonNode draft, Optional<ForceTarget> force) {
        return propose(staff, reportId, draft, force, List.of());
    }

    /**
     * As above, with case files the caseworker's browser sealed again to the force's key (docs/referral.md
     * section 7): they are listed in the document's {@code evidence}, with the SHA-256 of their sealed bytes, so
     * the document hash that approval matches covers them too. The firewall screens the document's text exactly
     * as without files.
     */
    @WithTransaction
    public Uni<Outcome> propose(StaffPrincipal staff, UUID reportId, JsonNode draft, Optional<ForceTarget> force,
            List<ReferralFiles.Requested> requested) {
        return report(reportId).chain(report -> {
            boolean sealable = force.isPresent() && force.get().canReceive();
            Uni<List<ReferralFiles.Evidence>> inspected = sealable
                    ? files.inspect(reportId, force.get().keyId(), requested) : Uni.createFrom().item(List.of());
            return inspected.chain(evidence -> propose(staff, report, draft, force, evidence));
        });
    }

    private Uni<Outcome> propose(StaffPrincipal staff, Report report, JsonNode draft, Optional<ForceTarget> force,
            List<ReferralFiles.Evidence> evidence) {
        UUID reportId = report.id;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        ObjectNode document = ReferralDocuments.complete(draft, ReferralDocuments.newReference(), today,
                config.organisation().name(), config.referral().contactForPolice());
        ReferralDocuments.addEvidence(document, evidence);
        ReferralFirewall.Verdict verdict = ReferralFirewall.check(document,
                ReferralDocuments.membersNotForCaseworkers(draft), report.consent, force, today);
        if (!verdict.passed()) {
            return blocked(staff, reportId, verdict);
        }
        byte[] bytes = ReferralDocuments.canonicalBytes(document);
        boolean approvalNeeded = config.referral().requireApproval();
        return intakeKeys.findById(report.intakeKid).chain(intakeKey -> {
            Referral referral = new Referral();
            referral.id = UUID.randomUUID();
            referral.reference = document.get("reference").asText();
            referral.reportId = reportId;
            referral.forceCode = document.get("force").asText();
            referral.documentSha256 = ReferralDocuments.sha256(bytes);
            referral.staffCopy = Envelopes.seal(Purpose.NOTE, intakeKey.kid, intakeKey.publicKey, bytes).toJson();
            referral.proposedBy = staff.username();
            referral.createdAt = now();
            referral.state = (approvalNeeded ? ReferralState.AWAITING_APPROVAL : ReferralState.QUEUED).code();
            // The files' rows refer to the referral's, so it is written before they are bound.
            Uni<Void> stored = evidence.isEmpty() ? referrals.persist(referral).replaceWithVoid()
                    : referrals.persistAndFlush(referral).chain(() -> files.bind(referral.id, evidence));
            if (!approvalNeeded) {
                stored = stored.chain(() -> enqueue(referral, force.orElseThrow(), bytes));
            }
            return stored
                    .chain(() -> audit.append(staff.username(),
                            approvalNeeded ? AuditAction.REFERRAL_PROPOSED : AuditAction.REFERRAL_SENT, reportId,
                            hashDetail(referral.documentSha256,
                            evidence.stream().map(ReferralFiles.Evidence::sha256).toList())))
                    .replaceWith(new Outcome(Optional.of(referral), verdict));
        });
    }

    /**
     * A second caseworker approves exactly the document that was proposed (matched by hash), after the whole
     * firewall runs again: consent may have changed since, or the force's registration.
     */
    @WithTransaction
    public Uni<Outcome> approve(StaffPrincipal staff, UUID referralId, JsonNode document, Optional<ForceTarget> force) {
        return referral(referralId).chain(referral -> {
            if (!referral.is(ReferralState.AWAITING_APPROVAL)) {
                throw new Problem(409, "Conflict", "This referral is not waiting for approval.");
            }
            if (referral.proposedBy.equals(staff.username())) {
                throw new Problem(403, "Forbidden", "A second caseworker must approve a referral you proposed.");
            }
            byte[] bytes = ReferralDocuments.canonicalBytes(document);
            if (!java.security.MessageDigest.isEqual(ReferralDocuments.sha256(bytes), referral.documentSha256)) {
                throw new Problem(409, "Conflict", "This is not the document that was proposed; open it again.");
            }
            if (referral.reportId == null) {
                throw Problem.notFound();
            }
            return report(referral.reportId).chain(report -> {
                LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                ReferralFirewall.Verdict verdict = ReferralFirewall.check(document, List.of(), report.consent, force, today);
                if (!verdict.passed()) {
                    return blocked(staff, report.id, verdict);
                }
                List<String> evidence = ReferralDocuments.evidenceHashes(document);
                return files.sealedTo(referral.id, force.get().keyId(), evidence).chain(sealed -> {
                    if (!sealed) {
                        throw new Problem(409, "Conflict",
                                "The force's key changed since the files were sealed; write the referral again.");
                    }
                    referral.approvedBy = staff.username();
                    referral.state = ReferralState.QUEUED.code();
                    return enqueue(referral, force.orElseThrow(), bytes);
                })
                        .chain(() -> audit.append(staff.username(), AuditAction.REFERRAL_SENT, report.id,
                                hashDetail(referral.documentSha256, evidence)))
                        .replaceWith(new Outcome(Optional.of(referral), verdict));
            });
        });
    }

    /** Cancels a referral that is waiting for approval, queued, or dead; a delivered one cannot be called back. */
    @WithTransaction
    public Uni<Void> cancel(StaffPrincipal staff, UUID referralId) {
        return referral(referralId).chain(referral -> {
            if (!(referral.is(ReferralState.AWAITING_APPROVAL) || referral.is(ReferralState.QUEUED)
                    || referral.is(ReferralState.DEAD))) {
                throw new Problem(409, "Conflict", "Only a referral that has not been delivered can be cancelled.");
            }
            referral.state = ReferralState.CANCELLED.code();
            referral.finishedAt = now();
            referral.lastError = "cancelled";
            return outbox.deleteById(referralId)
                    .chain(() -> audit.append(staff.username(), AuditAction.REFERRAL_CANCELLED, referral.reportId))
                    .replaceWithVoid();
        });
    }

    /** Queues a dead referral again, if the reporter still consents and the force still has the same key. */
    @WithTransaction
    public Uni<Void> retry(StaffPrincipal staff, UUID referralId, Optional<ForceTarget> force) {
        return referral(referralId).chain(referral -> {
            if (!referral.is(ReferralState.DEAD)) {
                throw new Problem(409, "Conflict", "Only a referral whose delivery gave up can be tried again.");
            }
            if (referral.reportId == null) {
                throw Problem.notFound();
            }
            return report(referral.reportId).chain(report -> outbox.findById(referralId).chain(entry -> {
                if (!"police".equals(report.consent)) {
                    throw new Problem(409, "Conflict", "The reporter no longer consents to passing this to police.");
                }
                if (entry == null || force.isEmpty() || !force.get().canReceive() || !entry.forceKid.equals(force.get().keyId())) {
                    throw new Problem(409, "Conflict",
                            "The force's registration changed since this was sealed; write a new referral.");
                }
                Instant now = now();
                entry.attempts = 0;
                entry.nextAttemptAt = now;
                entry.leaseUntil = null;
                entry.queuedAt = now;
                referral.state = ReferralState.QUEUED.code();
                referral.queuedAt = now;
                referral.finishedAt = null;
                return audit.append(staff.username(), AuditAction.REFERRAL_RETRIED, report.id).replaceWithVoid();
            }));
        });
    }

    /** The force a referral is addressed to. */
    @WithSession
    public Uni<String> forceOf(UUID referralId) {
        return referral(referralId).map(referral -> referral.forceCode);
    }

    @WithSession
    public Uni<List<Referral>> forReport(UUID reportId) {
        return report(reportId).chain(report -> referrals.forReport(reportId));
    }

    private Uni<Void> enqueue(Referral referral, ForceTarget force, byte[] bytes) {
        Instant now = now();
        referral.queuedAt = now;
        OutboxEntry entry = new OutboxEntry();
        entry.referralId = referral.id;
        entry.forceKid = force.keyId();
        entry.body = Envelopes.seal(Purpose.REFERRAL, force.keyId(), force.publicKey(), bytes).toJson();
        entry.attempts = 0;
        entry.nextAttemptAt = now;
        entry.queuedAt = now;
        return outbox.persist(entry).replaceWithVoid();
    }

    private Uni<Outcome> blocked(StaffPrincipal staff, UUID reportId, ReferralFirewall.Verdict verdict) {
        return audit.append(staff.username(), AuditAction.REFERRAL_BLOCKED, reportId, verdict.auditDetail())
                .replaceWith(new Outcome(Optional.empty(), verdict));
    }

    /**
     * {@code sha256:<document hash>}, and with files {@code ,files=<16 hex>.<16 hex>...}: the start of each sealed
     * file's SHA-256, in evidence order (the document, whose hash is whole here, lists them in full).
     */
    private static String hashDetail(byte[] sha256, List<String> fileHashes) {
        String detail = "sha256:" + HexFormat.of().formatHex(sha256);
        if (!fileHashes.isEmpty()) {
            detail += ",files=" + String.join(".", fileHashes.stream().map(hash -> hash.substring(0, 16)).toList());
        }
        return detail;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private Uni<Report> report(UUID reportId) {
        return reports.findById(reportId).onItem().ifNull().failWith(Problem::notFound);
    }

    private Uni<Referral> referral(UUID referralId) {
        return referrals.findById(referralId).onItem().ifNull().failWith(Problem::notFound);
    }
}
