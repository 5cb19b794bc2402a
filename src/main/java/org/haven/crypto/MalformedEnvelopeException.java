package org.haven.crypto;

/** An envelope, wrapped key or padded plaintext that does not follow {@code docs/envelope.md}. */
public final class MalformedEnvelopeException extends EnvelopeException {

    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
