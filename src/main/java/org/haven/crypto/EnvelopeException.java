package org.haven.crypto;

/**
 * Sealed data that cannot be used: either it is malformed ({@link MalformedEnvelopeException}) or it does not
 * open with the key, purpose and header given ({@link DecryptionException}). Unchecked, so that callers in
 * {@code Uni} chains can map it to a response in one place.
 */
public abstract class EnvelopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected EnvelopeException(String message) {
        super(message);
    }

    protected EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
