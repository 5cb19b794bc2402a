package org.haven.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A public half of the organisation's intake key; the private half never reaches the server. */
@Entity
@Table(name = "intake_key")
public class IntakeKey {

    @Id
    public String kid;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The key new reports are sealed to; older keys stay to be recognised on reports sealed before. */
    @Column(nullable = false)
    public boolean active;
}
