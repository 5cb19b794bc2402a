package org.haven.casework.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A staff member's public key and their private key wrapped under their key passphrase. */
@Entity
@Table(name = "staff_key")
public class StaffKey {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "wrapped_private_key", nullable = false)
    public String wrappedPrivateKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
