package org.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A caseworker's personal key pair, wrapped with a key derived from their key passphrase (PBKDF2-SHA256,
 * 600,000 iterations, AES-256-GCM; the same format as the reporter's mailbox key, bound to a different
 * AAD so one can never stand in for the other). Normally wrapped and unwrapped in the browser; the Java side
 * serves dev seeding and tests.
 */
public final class StaffKeys {

    /** AAD of a wrapped staff key; the browser uses the same bytes. */
    public static final byte[] AAD = "haven/v1/staff-key".getBytes(StandardCharsets.UTF_8);

    private StaffKeys() {
    }

    public static ReceiptKeys.WrappedKey wrap(String passphrase, byte[] privateKey, byte[] publicKey) {
        return ReceiptKeys.wrapWith(normalise(passphrase), AAD, privateKey, publicKey);
    }

    public static byte[] unwrap(String passphrase, ReceiptKeys.WrappedKey wrapped) {
        return ReceiptKeys.unwrapWith(normalise(passphrase), AAD, wrapped);
    }

    /** NFC, so the same passphrase typed on two keyboards derives the same key. */
    public static String normalise(String passphrase) {
        return Normalizer.normalize(passphrase, Normalizer.Form.NFC);
    }
}
