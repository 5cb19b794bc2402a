package org.haven.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored report: ciphertext plus the few facts the server must act on (DESIGN.md, "What the server may
 * know"). Nothing here says who reported, from where, or what happened.
 */
@Entity
@Table(name = "report")
public class Report {

    @Id
    public UUID id;

    @Column(name = "submission_key_hash", nullable = false, unique = true)
    public byte[] submissionKeyHash;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    @Column(name = "intake_kid", nullable = false)
    public String intakeKid;

    @Column(nullable = false)
    public String envelope;

    @Column(name = "mailbox_public_key", nullable = false)
    public byte[] mailboxPublicKey;

    @Column(name = "mailbox_wrapped_key", nullable = false)
    public String mailboxWrappedKey;

    @Column(name = "received_hour", nullable = false)
    public Instant receivedHour;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String consent;

    @Column(name = "expires_on", nullable = false)
    public LocalDate expiresOn;

    /** Activity keeps a report: its expiry moves to {@code days} from today if that is later. */
    public void keepFor(int days, LocalDate today) {
        LocalDate candidate = today.plusDays(days);
        if (candidate.isAfter(expiresOn)) {
            expiresOn = candidate;
        }
    }

    /** Closing shortens: the expiry moves to {@code days} from today if that is sooner. */
    public void keepAtMost(int days, LocalDate today) {
        LocalDate candidate = today.plusDays(days);
        if (candidate.isBefore(expiresOn)) {
            expiresOn = candidate;
        }
    }

    /** The staff account working the report, if any. */
    @Column(name = "assigned_to")
    public UUID assignedTo;
}
