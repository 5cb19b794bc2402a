package org.haven.casework.account;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/** A one-time code that stands in for the second factor when the authenticator is lost. */
@Entity
@Table(name = "staff_recovery_code")
public class RecoveryCode {

    @EmbeddedId
    public Key key;

    @Column(name = "used_at")
    public Instant usedAt;

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "account_id")
        public UUID accountId;

        @Column(name = "code_hash")
        public byte[] codeHash;

        public Key() {
        }

        public Key(UUID accountId, byte[] codeHash) {
            this.accountId = accountId;
            this.codeHash = codeHash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(accountId, k.accountId)
                    && Arrays.equals(codeHash, k.codeHash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId) * 31 + Arrays.hashCode(codeHash);
        }
    }
}
