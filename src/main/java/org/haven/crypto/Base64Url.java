package org.haven.crypto;

import java.util.Base64;

/** Base64url without padding (RFC 4648 section 5), decoded strictly: one spelling per byte string. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes base64url without padding.
     *
     * @throws IllegalArgumentException on padding, characters outside the alphabet, an impossible length, or
     *     non-zero unused bits in the last character (which would give one byte string two spellings)
     */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing base64url");
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (value(text.charAt(i)) < 0) {
                throw new IllegalArgumentException("not base64url");
            }
        }
        int tail = length % 4;
        if (tail == 1) {
            throw new IllegalArgumentException("impossible base64url length");
        }
        if (tail != 0) {
            int unusedBits = tail == 2 ? 0x0F : 0x03;
            if ((value(text.charAt(length - 1)) & unusedBits) != 0) {
                throw new IllegalArgumentException("non-canonical base64url");
            }
        }
        return DECODER.decode(text);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}
