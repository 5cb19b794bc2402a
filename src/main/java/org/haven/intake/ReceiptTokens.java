package org.haven.intake;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.haven.crypto.KeyedHash;
import org.haven.web.HavenConfig;

/**
 * Turns a mailbox lookup token (derived from the receipt in the reporter's browser) into the value stored
 * with the report: an HMAC under a server key that is not in the database, so a database dump alone cannot
 * be used to test guessed receipts.
 */
@Startup // so a prod start without the key fails at once, not at the first report
@ApplicationScoped
public class ReceiptTokens {

    private static final int MIN_KEY_BYTES = 32;
    private static final byte[] DOMAIN = "haven/v1/token-hash|".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;

    public ReceiptTokens(HavenConfig config) {
        String encoded = config.receiptTokenKey().orElseGet(() -> {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("Set haven.receipt-token-key (HAVEN_RECEIPT_TOKEN_KEY): "
                        + "a base64 secret of at least 32 random bytes, kept out of the database");
            }
            return DevKeyDirectory.readOrCreate(config.devKeys().directory(), "receipt-token.key", () -> {
                byte[] fresh = new byte[MIN_KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                return Base64.getEncoder().encodeToString(fresh);
            });
        });
        this.key = Base64.getDecoder().decode(encoded);
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("haven.receipt-token-key must hold at least 32 bytes");
        }
    }

    /**
     * A 32-byte key for another server-side purpose, derived from the same secret (HMAC with the purpose as
     * label), so every key the database must not hold comes from the one Kubernetes Secret.
     */
    public byte[] derive(String purpose) {
        return KeyedHash.hmacSha256(key, ("haven/v1/derive|" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] hash(byte[] token) {
        byte[] data = new byte[DOMAIN.length + token.length];
        System.arraycopy(DOMAIN, 0, data, 0, DOMAIN.length);
        System.arraycopy(token, 0, data, DOMAIN.length, token.length);
        return KeyedHash.hmacSha256(key, data);
    }

    /**
     * The receipt for a no-JavaScript submission, derived from its submission key so that a resent form
     * shows the same receipt instead of creating a second report. Only the hash of the submission key is
     * stored, so the receipt cannot be recomputed from the database.
     */
    public String receiptFor(String submissionKey) {
        byte[] mac = KeyedHash.hmacSha256(key,
                ("haven/v1/no-js-receipt|" + submissionKey).getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (mac[i] & 0xff);
        }
        // 2^63 / 10^16 ≈ 922: the bias of the remainder is below one part in 900 per value.
        return String.format(java.util.Locale.ROOT, "%016d", Long.remainderUnsigned(value & Long.MAX_VALUE, 10_000_000_000_000_000L));
    }
}
