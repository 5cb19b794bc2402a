package org.haven.crypto;

/**
 * An HTTP message signature that does not verify, or headers that do not carry one in the form Haven requires.
 * The message says which rule failed, and never includes key material or the request body.
 */
public class MessageSignatureException extends RuntimeException {

    public MessageSignatureException(String message) {
        super(message);
    }
}
