package org.haven.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 (RFC 8032) key pair held as raw bytes: the 32-byte seed is the private key, the 32-byte encoded
 * point the public key. Haven signs referrals with one (its seed is {@code haven.referral.signing-key},
 * base64url); a force's receiver verifies with the public half through {@link #verify}.
 */
public final class SigningKeyPair {

    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private SigningKeyPair(byte[] seed) {
        if (seed == null || seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("An Ed25519 seed is 32 bytes");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    public static SigningKeyPair generate() {
        byte[] seed = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        return new SigningKeyPair(seed);
    }

    public static SigningKeyPair fromSeed(byte[] seed) {
        return new SigningKeyPair(seed);
    }

    /**
     * @throws IllegalArgumentException unless {@code encoded} is base64url (no padding) of exactly 32 bytes; the
     *     message never repeats the value
     */
    public static SigningKeyPair fromBase64UrlSeed(String encoded) {
        byte[] seed;
        try {
            seed = Base64Url.decode(encoded == null ? null : encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("An Ed25519 seed must be base64url (no padding) of 32 bytes");
        }
        return new SigningKeyPair(seed);
    }

    /** The 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code haven-} + a fingerprint of the public key ({@link KeyIds#signingKey}). */
    public String keyId() {
        return KeyIds.signingKey(publicKey);
    }

    /** base64url of the seed, the form {@code haven.referral.signing-key} takes; handle as a secret. */
    public String seedBase64Url() {
        return Base64Url.encode(privateKey.getEncoded());
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} under the 32-byte {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LENGTH || signature == null
                || signature.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // Bouncy Castle refuses an encoding that is not a curve point; to a verifier that is just "invalid".
            return false;
        }
    }

    @Override
    public String toString() {
        return "SigningKeyPair[" + keyId() + "]";
    }
}
