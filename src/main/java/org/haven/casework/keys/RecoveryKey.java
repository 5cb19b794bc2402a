package org.haven.casework.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The public half of a recovery key, made in an admin's browser together with the intake key it is named
 * after. Its private half exists only in the file that admin downloaded (or printed).
 */
@Entity
@Table(name = "recovery_key")
public class RecoveryKey {

    /** The kid of the intake key this recovery key was made with; also the {@code kid} in the recovery file. */
    @Id
    public String id;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
