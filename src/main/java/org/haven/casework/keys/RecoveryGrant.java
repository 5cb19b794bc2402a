package org.haven.casework.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An intake private key sealed to a recovery key (purpose grant, envelope kid {@code "recovery"}): what the
 * recovery file opens when every staff passphrase is lost.
 */
@Entity
@Table(name = "recovery_grant")
public class RecoveryGrant {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String envelope;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "kid")
        public String kid;

        @Column(name = "recovery_id")
        public String recoveryId;

        public Key() {
        }

        public Key(String kid, String recoveryId) {
            this.kid = kid;
            this.recoveryId = recoveryId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(kid, k.kid) && Objects.equals(recoveryId, k.recoveryId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kid, recoveryId);
        }
    }
}
