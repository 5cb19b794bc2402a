package org.haven.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A referral of one report to one force: its workflow state and a hash of what is sent. The document itself
 * is here only sealed to the intake key ({@link #staffCopy}); the copy sealed to the force waits in the outbox.
 */
@Entity
@Table(name = "referral")
public class Referral {

    @Id
    public UUID id;

    /** Haven's reference, the only handle police get for questions (HVN-XXXX-XXXX). */
    @Column(nullable = false, unique = true)
    public String reference;

    /** Null once the report is withdrawn, purged or deleted; the referral's record stays. */
    @Column(name = "report_id")
    public UUID reportId;

    @Column(name = "force_code", nullable = false)
    public String forceCode;

    /** A {@link ReferralState} code. */
    @Column(nullable = false)
    public String state;

    @Column(name = "document_sha256", nullable = false)
    public byte[] documentSha256;

    @Column(name = "staff_copy", nullable = false)
    public String staffCopy;

    @Column(name = "proposed_by", nullable = false)
    public String proposedBy;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_error")
    public String lastError;

    /** The force's own reference, sealed to the intake key (envelope JSON). */
    @Column(name = "force_reference")
    public String forceReference;

    public boolean is(ReferralState wanted) {
        return wanted.code().equals(state);
    }
}
