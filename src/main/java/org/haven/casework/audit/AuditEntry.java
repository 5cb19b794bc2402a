package org.haven.casework.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * One link of the audit chain. Immutable to Hibernate (inserted, never updated); the fields are public for
 * the house style, but only {@link AuditChain#next} should fill them, so that {@link #hash} matches.
 */
@Entity
@Immutable
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    public long seq;

    /** When, truncated to the second. */
    @Column(nullable = false)
    public Instant at;

    /** Staff account id or username; never a reporter. */
    @Column(nullable = false)
    public String actor;

    /** An {@link AuditAction} code. Kept as text so that a row with an unknown code still loads and fails verification. */
    @Column(nullable = false)
    public String action;

    /** The report acted on, if any; not a foreign key, because reports are purged and their audit trail stays. */
    @Column(name = "report_id")
    public UUID reportId;

    /**
     * A short structured detail, e.g. {@code sha256:<hex>} of a referral sent or the kinds a screen found; never
     * free text (the table refuses anything but {@code [a-z0-9:=,._-]}).
     */
    @Column
    public String detail;

    @Column(name = "prev_hash", nullable = false)
    public byte[] prevHash;

    @Column(nullable = false)
    public byte[] hash;
}
