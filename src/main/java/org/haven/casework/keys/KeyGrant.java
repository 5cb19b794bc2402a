package org.haven.casework.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An intake private key sealed to one staff member's public key: their access to that key's reports. */
@Entity
@Table(name = "key_grant")
public class KeyGrant {

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

        @Column(name = "account_id")
        public UUID accountId;

        public Key() {
        }

        public Key(String kid, UUID accountId) {
            this.kid = kid;
            this.accountId = accountId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(kid, k.kid) && Objects.equals(accountId, k.accountId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kid, accountId);
        }
    }
}
