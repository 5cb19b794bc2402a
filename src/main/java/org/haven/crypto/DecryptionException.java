package org.haven.crypto;

/**
 * Well-formed ciphertext that does not authenticate: wrong key, wrong purpose, wrong receipt, or tampering.
 * Deliberately says no more than that, so that it cannot serve as an oracle.
 */
public final class DecryptionException extends EnvelopeException {

    private static final long serialVersionUID = 1L;

    public DecryptionException() {
        super("ciphertext does not open");
    }

    public DecryptionException(Throwable cause) {
        super("ciphertext does not open", cause);
    }
}
