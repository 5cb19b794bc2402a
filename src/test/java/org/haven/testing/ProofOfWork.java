package org.haven.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What the browser's proof.js does, written again in Java from the README's description rather than calling
 * Haven's own checker: find the first decimal counter such that SHA-256(challenge "." counter) starts with the
 * asked number of zero bits.
 */
public final class ProofOfWork {

    private ProofOfWork() {
    }

    /** The first counter whose work has at least {@code bits} leading zero bits. */
    public static String solve(String challenge, int bits) {
        MessageDigest sha256 = sha256();
        for (long n = 0;; n++) {
            String counter = Long.toString(n);
            if (leadingZeroBits(sha256.digest((challenge + "." + counter).getBytes(StandardCharsets.UTF_8))) >= bits) {
                return counter;
            }
        }
    }

    private static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
