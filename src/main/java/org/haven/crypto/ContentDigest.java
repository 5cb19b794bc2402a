package org.haven.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * RFC 9530 {@code Content-Digest} with {@code sha-256}: {@code sha-256=:<base64 of SHA-256 of the body>:}. Haven
 * sends it with every referral and the signature covers it, so the signature covers the body.
 */
public final class ContentDigest {

    public static final String ALGORITHM = "sha-256";

    private ContentDigest() {
    }

    /** The header value for {@code body}, e.g. {@code sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:}. */
    public static String of(byte[] body) {
        return ALGORITHM + "=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /**
     * Whether {@code header} is a well-formed RFC 9530 dictionary whose {@code sha-256} member is the SHA-256 of
     * {@code body}. Other algorithms in the header are ignored (RFC 9530 section 2), but {@code sha-256} must be
     * there: a digest this side cannot check is no digest.
     */
    public static boolean matches(String header, byte[] body) {
        Map<String, Object> members;
        try {
            members = StructuredFields.parseDictionary(header);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!(members.get(ALGORITHM) instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] digest)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(body));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
