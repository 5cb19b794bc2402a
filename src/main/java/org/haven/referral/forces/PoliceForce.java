package org.haven.referral.forces;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A police force Haven may refer to. Seeded disabled by V8; the table itself refuses an enabled force without
 * an endpoint, a key and its key id.
 */
@Entity
@Table(name = "police_force")
public class PoliceForce {

    /** The force's code, as in the referral schema and the report form's police areas. */
    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean enabled;

    /** Where Haven POSTs referrals, exactly as signed in {@code @target-uri}; null until an admin sets it. */
    @Column(name = "endpoint_url")
    public String endpointUrl;

    /** The force's HPKE P-256 public key, 65 bytes uncompressed; null until an admin sets it. */
    @Column(name = "public_key")
    public byte[] publicKey;

    /** Derived from {@link #publicKey} by {@code KeyIds.forceKey}. */
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Firewall check 4 (docs/referral.md): enabled, with both an endpoint and a key. */
    public boolean canReceive() {
        return enabled && endpointUrl != null && publicKey != null && keyId != null;
    }
}
