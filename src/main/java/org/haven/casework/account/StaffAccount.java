package org.haven.casework.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A member of the advocacy body's staff: an admin or a caseworker. */
@Entity
@Table(name = "staff_account")
public class StaffAccount {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String username;

    /** "admin" or "caseworker". */
    @Column(nullable = false)
    public String role;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "totp_secret")
    public byte[] totpSecret;

    @Column(name = "totp_last_step", nullable = false)
    public long totpLastStep;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "session_epoch", nullable = false)
    public int sessionEpoch;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
