package org.haven.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Key ids derived from public keys (docs/referral.md, "Keys"), so that Haven and a police force name a key
 * the same way without agreeing on anything but the key itself.
 */
public final class KeyIds {

    private KeyIds() {
    }

    /** A force's HPKE key: {@code f-} + base64url of the first 12 bytes of SHA-256 of the 65-byte point. */
    public static String forceKey(byte[] publicKey) {
        Hpke.checkPublicKey(publicKey);
        return "f-" + fingerprint(publicKey);
    }

    /** Haven's Ed25519 signing key: {@code haven-} + base64url of the first 12 bytes of SHA-256 of the 32-byte key. */
    public static String signingKey(byte[] ed25519PublicKey) {
        if (ed25519PublicKey == null || ed25519PublicKey.length != 32) {
            throw new IllegalArgumentException("An Ed25519 public key is 32 bytes");
        }
        return "haven-" + fingerprint(ed25519PublicKey);
    }

    private static String fingerprint(byte[] key) {
        try {
            return Base64Url.encode(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
