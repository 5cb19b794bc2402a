package org.haven.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * HPKE (RFC 9180) base mode with DHKEM(P-256, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (KEM 0x0010, KDF 0x0001,
 * AEAD 0x0001), through Bouncy Castle. Keys travel as bytes: public keys as 65-byte uncompressed points, private
 * keys as 32-byte big-endian scalars, exactly as {@code hpke.js} holds them.
 */
public final class Hpke {

    public static final int PUBLIC_KEY_LENGTH = 65;
    public static final int PRIVATE_KEY_LENGTH = 32;
    public static final int ENC_LENGTH = 65;
    public static final int TAG_LENGTH = 16;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    private Hpke() {
    }

    public record KeyPair(byte[] publicKey, byte[] privateKey) {
    }

    public record Sealed(byte[] enc, byte[] ct) {
    }

    public static KeyPair generateKeyPair() {
        HPKE hpke = suite();
        AsymmetricCipherKeyPair pair = hpke.generatePrivateKey();
        return new KeyPair(hpke.serializePublicKey(pair.getPublic()), hpke.serializePrivateKey(pair.getPrivate()));
    }

    /** Single-shot seal (sequence number 0) to {@code publicKey} with a fresh ephemeral key. */
    public static Sealed seal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext) {
        checkPublicKey(publicKey);
        HPKE hpke = suite();
        try {
            byte[][] ctAndEnc = hpke.seal(hpke.deserializePublicKey(publicKey), info, aad, plaintext, null, null, null);
            return new Sealed(ctAndEnc[1], ctAndEnc[0]);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE seal failed", e);
        }
    }

    /**
     * Single-shot open (sequence number 0).
     *
     * @throws DecryptionException if anything about {@code enc}, {@code ct}, {@code info} or {@code aad} is wrong
     *     for this key; never returns unauthenticated bytes
     */
    public static byte[] open(byte[] privateKey, byte[] enc, byte[] info, byte[] aad, byte[] ct) {
        byte[] publicKey = publicKeyOf(privateKey);
        if (enc == null || enc.length != ENC_LENGTH || ct == null || ct.length < TAG_LENGTH) {
            throw new DecryptionException();
        }
        HPKE hpke = suite();
        try {
            AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(privateKey, publicKey);
            return hpke.open(enc, recipient, info, aad, ct, null, null, null);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException | RuntimeException e) {
            // Bouncy Castle reports a point off the curve as IllegalArgumentException; callers see one failure.
            throw new DecryptionException(e);
        }
    }

    /**
     * @throws IllegalArgumentException unless {@code privateKey} is a 32-byte scalar in [1, n-1]
     */
    public static byte[] publicKeyOf(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("P-256 private key must be 32 bytes");
        }
        BigInteger d = new BigInteger(1, privateKey);
        if (d.signum() == 0 || d.compareTo(P256.getN()) >= 0) {
            throw new IllegalArgumentException("P-256 private key out of range");
        }
        return new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize().getEncoded(false);
    }

    /** True for a 65-byte uncompressed point that lies on P-256; anything else can never be opened or sealed to. */
    public static boolean isPublicKey(byte[] publicKey) {
        try {
            checkPublicKey(publicKey);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void checkPublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH || publicKey[0] != 0x04) {
            throw new IllegalArgumentException("P-256 public key must be 65 bytes, uncompressed");
        }
        try {
            P256.getCurve().decodePoint(publicKey);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a P-256 point", e);
        }
    }

    /** A new instance per call: Bouncy Castle's HPKE object keeps per-operation state. */
    static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }
}
