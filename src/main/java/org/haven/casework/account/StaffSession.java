package org.haven.casework.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A signed-in (or half signed-in) staff browser. The cookie's value is never stored, only its hash. */
@Entity
@Table(name = "staff_session")
public class StaffSession {

    public static final String PASSWORD_STAGE = "password";
    public static final String FULL = "full";

    @Id
    @Column(name = "id_hash")
    public byte[] idHash;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String stage;

    @Column(name = "csrf_token", nullable = false)
    public String csrfToken;

    @Column(name = "pending_totp_secret")
    public byte[] pendingTotpSecret;

    @Column(nullable = false)
    public int epoch;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;
}
