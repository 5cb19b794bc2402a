package org.haven.referral;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.haven.crypto.Base64Url;
import org.haven.crypto.SigningKeyPair;
import org.haven.intake.DevKeyDirectory;
import org.haven.web.HavenConfig;

/**
 * Haven's Ed25519 key that signs every referral it sends (RFC 9421). The private half comes from
 * {@code haven.referral.signing-key} (a Kubernetes Secret in production); dev and tests generate one under the
 * dev key directory. Never stored in the database.
 */
@Startup // a prod start without the key fails at once, not at the first delivery
@ApplicationScoped
public class ReferralSigningKey implements SigningKeyInfo {

    private final SigningKeyPair pair;

    public ReferralSigningKey(HavenConfig config) {
        String encoded = config.referral().signingKey().orElseGet(() -> {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("Set haven.referral.signing-key (HAVEN_REFERRAL_SIGNING_KEY): "
                        + "base64url of a random 32-byte Ed25519 seed, kept out of the database");
            }
            return DevKeyDirectory.readOrCreate(config.devKeys().directory(), "referral-signing.key",
                    () -> SigningKeyPair.generate().seedBase64Url());
        });
        try {
            this.pair = SigningKeyPair.fromBase64UrlSeed(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("haven.referral.signing-key must be base64url (no padding) of a 32-byte seed");
        }
    }

    /** The key pair that signs deliveries. */
    public SigningKeyPair pair() {
        return pair;
    }

    @Override
    public String keyId() {
        return pair.keyId();
    }

    @Override
    public String publicKeyBase64Url() {
        return Base64Url.encode(pair.publicKey());
    }
}
