package org.haven.casework.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A one-time token that lets the first admin of a fresh installation enrol. Only its hash is kept. */
@Entity
@Table(name = "setup_token")
public class SetupToken {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
