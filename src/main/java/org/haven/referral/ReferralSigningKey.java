package org.haven.referral;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.haven.crypto.Base64Url;
import org.haven.crypto.KeyIds;
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

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String keyId;

    public ReferralSigningKey(HavenConfig config) {
        String encoded = config.referral().signingKey().orElseGet(() -> {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("Set haven.referral.signing-key (HAVEN_REFERRAL_SIGNING_KEY): "
                        + "base64url of a random 32-byte Ed25519 seed, kept out of the database");
            }
            return DevKeyDirectory.readOrCreate(config.devKeys().directory(), "referral-signing.key", () -> {
                byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
                new SecureRandom().nextBytes(seed);
                return Base64Url.encode(seed);
            });
        });
        byte[] seed;
        try {
            seed = Base64Url.decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("haven.referral.signing-key must be base64url (no padding) of 32 bytes");
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalStateException("haven.referral.signing-key must be base64url of exactly 32 bytes");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.keyId = KeyIds.signingKey(publicKey);
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String publicKeyBase64Url() {
        return Base64Url.encode(publicKey);
    }
}
