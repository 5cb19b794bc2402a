package org.haven.crypto;

import java.nio.charset.StandardCharsets;

/** Seals and opens {@link Envelope}s: pad, then HPKE with {@code info = purpose} and {@code aad = header}. */
public final class Envelopes {

    private Envelopes() {
    }

    /** UTF-8 of {@code "haven-envelope/v1/" + kid}: binds the version and recipient key id to the ciphertext. */
    public static byte[] aad(String kid) {
        return ("haven-envelope/v1/" + kid).getBytes(StandardCharsets.UTF_8);
    }

    public static Envelope seal(Purpose purpose, String kid, byte[] publicKey, byte[] plaintext) {
        if (!Envelope.isKid(kid)) {
            throw new IllegalArgumentException("bad kid");
        }
        Hpke.Sealed sealed = Hpke.seal(publicKey, purpose.info(), aad(kid), Padding.pad(plaintext));
        return new Envelope(Envelope.VERSION, kid, Base64Url.encode(sealed.enc()), Base64Url.encode(sealed.ct()));
    }

    /**
     * @throws DecryptionException if the envelope was not sealed to this key as this purpose under this header
     * @throws MalformedEnvelopeException if it opens but the padding is wrong
     */
    public static byte[] open(Envelope envelope, Purpose purpose, byte[] privateKey) {
        byte[] padded = Hpke.open(privateKey, Base64Url.decode(envelope.enc()), purpose.info(), aad(envelope.kid()),
                Base64Url.decode(envelope.ct()));
        return Padding.unpad(padded);
    }
}
