package org.haven.crypto;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reporter's receipt number and what is derived from it: the lookup token the server hashes to find the
 * report, and the key that wraps the reporter's mailbox private key. {@code receipt.js} does the same in the
 * browser; the server uses this class only for reporters without JavaScript. See {@code docs/envelope.md}.
 */
public final class ReceiptKeys {

    public static final int DIGITS = 16;
    public static final int LOOKUP_ITERATIONS = 100_000;
    public static final int WRAP_ITERATIONS = 600_000;
    /** Refuses wrapped keys that would make the server (or a browser) spin for minutes. */
    public static final int MAX_WRAP_ITERATIONS = 10_000_000;
    public static final String WRAP_ALG = "PBKDF2-SHA256/AES-256-GCM";

    private static final byte[] LOOKUP_SALT = "haven/v1/lookup-token".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRAP_AAD = "haven/v1/mailbox-key".getBytes(StandardCharsets.UTF_8);
    private static final int SALT_LENGTH = 16;
    private static final int IV_LENGTH = 12;
    private static final int WRAPPED_LENGTH = Hpke.PRIVATE_KEY_LENGTH + Hpke.PUBLIC_KEY_LENGTH + 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptKeys() {
    }

    /** A wrapped mailbox private key as stored with the report; Jackson binds it as strictly as {@link #parse}. */
    @JsonPropertyOrder({ "alg", "iter", "salt", "iv", "ct" })
    @JsonDeserialize(using = WrappedKey.Binding.class)
    public record WrappedKey(String alg, int iter, String salt, String iv, String ct) {

        private static final Set<String> FIELDS = Set.of("alg", "iter", "salt", "iv", "ct");

        /** @throws MalformedEnvelopeException if any field breaks the format */
        public WrappedKey {
            if (!WRAP_ALG.equals(alg)) {
                throw new MalformedEnvelopeException("wrapped key: unsupported alg");
            }
            if (iter < WRAP_ITERATIONS || iter > MAX_WRAP_ITERATIONS) {
                throw new MalformedEnvelopeException("wrapped key: iteration count out of range");
            }
            checkLength(salt, SALT_LENGTH, "salt");
            checkLength(iv, IV_LENGTH, "iv");
            checkLength(ct, WRAPPED_LENGTH, "ct");
        }

        /** @throws MalformedEnvelopeException on anything but exactly the five fields, well-formed */
        public static WrappedKey parse(String json) {
            return fromTree(StrictJson.read(json, "wrapped key"));
        }

        private static WrappedKey fromTree(JsonNode tree) {
            JsonNode node = StrictJson.object(tree, FIELDS, "wrapped key");
            return new WrappedKey(
                    StrictJson.text(node, "alg", "wrapped key"),
                    StrictJson.integer(node, "iter", "wrapped key"),
                    StrictJson.text(node, "salt", "wrapped key"),
                    StrictJson.text(node, "iv", "wrapped key"),
                    StrictJson.text(node, "ct", "wrapped key"));
        }

        /** Canonical JSON; every field is from a JSON-safe alphabet, so no escaping is needed. */
        public String toJson() {
            return "{\"alg\":\"" + alg + "\",\"iter\":" + iter + ",\"salt\":\"" + salt + "\",\"iv\":\"" + iv
                    + "\",\"ct\":\"" + ct + "\"}";
        }

        static final class Binding extends StrictJson.Binding<WrappedKey> {
            Binding() {
                super(WrappedKey.class, WrappedKey::fromTree);
            }
        }

        private static void checkLength(String value, int length, String field) {
            byte[] bytes;
            try {
                bytes = Base64Url.decode(value);
            } catch (IllegalArgumentException e) {
                throw new MalformedEnvelopeException("wrapped key: " + field + " is not base64url");
            }
            if (bytes.length != length) {
                throw new MalformedEnvelopeException("wrapped key: " + field + " must be " + length + " bytes");
            }
        }
    }

    /** Sixteen independent, uniformly random ASCII digits. */
    public static String newReceipt(SecureRandom random) {
        char[] digits = new char[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    /**
     * Folds what a reporter typed into the canonical receipt: decimal digits of any script become ASCII;
     * punctuation, separators, controls and format characters (spaces, hyphens, dots, bidi marks) are dropped.
     *
     * @return the 16 ASCII digits, or empty if anything else was typed or the count is not 16
     */
    public static Optional<String> normalise(String typed) {
        return ReceiptDigits.fold(typed, DIGITS);
    }

    /** "1234 5678 9012 3456": four groups, read aloud like a phone number. */
    public static String group(String receipt) {
        String digits = requireReceipt(receipt);
        return digits.substring(0, 4) + ' ' + digits.substring(4, 8) + ' ' + digits.substring(8, 12) + ' '
                + digits.substring(12);
    }

    /** What the browser sends to find its report; the server stores only an HMAC of it. */
    public static byte[] lookupToken(String receipt) {
        return pbkdf2(requireReceipt(receipt), LOOKUP_SALT, LOOKUP_ITERATIONS);
    }

    public static WrappedKey wrap(String receipt, byte[] privateKey, byte[] publicKey) {
        return wrapWith(requireReceipt(receipt), WRAP_AAD, privateKey, publicKey);
    }

    /** Wraps a key pair under any secret (receipt digits, a staff passphrase), bound to {@code aad}. */
    static WrappedKey wrapWith(String digits, byte[] aad, byte[] privateKey, byte[] publicKey) {
        if (!Arrays.equals(Hpke.publicKeyOf(privateKey), publicKey)) {
            throw new IllegalArgumentException("public key does not belong to the private key");
        }
        byte[] salt = new byte[SALT_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        byte[] plaintext = new byte[Hpke.PRIVATE_KEY_LENGTH + Hpke.PUBLIC_KEY_LENGTH];
        System.arraycopy(privateKey, 0, plaintext, 0, Hpke.PRIVATE_KEY_LENGTH);
        System.arraycopy(publicKey, 0, plaintext, Hpke.PRIVATE_KEY_LENGTH, Hpke.PUBLIC_KEY_LENGTH);
        try {
            Cipher aes = aesGcm(Cipher.ENCRYPT_MODE, pbkdf2(digits, salt, WRAP_ITERATIONS), iv, aad);
            byte[] ct = aes.doFinal(plaintext);
            return new WrappedKey(WRAP_ALG, WRAP_ITERATIONS, Base64Url.encode(salt), Base64Url.encode(iv),
                    Base64Url.encode(ct));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * @return the 32-byte mailbox private key
     * @throws DecryptionException if the receipt is wrong or the wrapped key was altered
     */
    public static byte[] unwrap(String receipt, WrappedKey wrapped) {
        return unwrapWith(requireReceipt(receipt), WRAP_AAD, wrapped);
    }

    static byte[] unwrapWith(String digits, byte[] aad, WrappedKey wrapped) {
        byte[] key = pbkdf2(digits, Base64Url.decode(wrapped.salt()), wrapped.iter());
        byte[] plaintext;
        try {
            plaintext = aesGcm(Cipher.DECRYPT_MODE, key, Base64Url.decode(wrapped.iv()), aad)
                    .doFinal(Base64Url.decode(wrapped.ct()));
        } catch (AEADBadTagException e) {
            throw new DecryptionException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
        byte[] privateKey = Arrays.copyOfRange(plaintext, 0, Hpke.PRIVATE_KEY_LENGTH);
        byte[] publicKey = Arrays.copyOfRange(plaintext, Hpke.PRIVATE_KEY_LENGTH, plaintext.length);
        Arrays.fill(plaintext, (byte) 0);
        try {
            if (!MessageDigest.isEqual(Hpke.publicKeyOf(privateKey), publicKey)) {
                throw new MalformedEnvelopeException("wrapped key: key pair does not match");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("wrapped key: private key out of range");
        }
        return privateKey;
    }

    private static String requireReceipt(String receipt) {
        if (receipt == null || receipt.length() != DIGITS || !receipt.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("receipt must be 16 ASCII digits; normalise it first");
        }
        return receipt;
    }

    private static byte[] pbkdf2(String digits, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(digits.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static Cipher aesGcm(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        aes.updateAAD(aad);
        return aes;
    }
}
