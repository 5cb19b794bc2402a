package org.haven.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A referral waiting for delivery, sealed to the force's key. Written with the approval in one transaction;
 * read and updated by {@link org.haven.referral.outbox.OutboxWorker} with plain SQL (row locks, SKIP LOCKED).
 */
@Entity
@Table(name = "referral_outbox")
public class OutboxEntry {

    @Id
    @Column(name = "referral_id")
    public UUID referralId;

    @Column(name = "force_kid", nullable = false)
    public String forceKid;

    @Column(nullable = false)
    public String body;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "queued_at", nullable = false)
    public Instant queuedAt;
}
