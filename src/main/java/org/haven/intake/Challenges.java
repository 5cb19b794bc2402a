package org.haven.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.Base64Url;
import org.haven.crypto.KeyedHash;
import org.haven.web.HavenConfig;
import org.haven.web.Problem;

/**
 * Stateless proof-of-work challenges: {@code v1.<purpose>.<bits>.<expires>.<nonce>.<mac>}, signed with a key
 * derived from the server secret, so any replica can check a challenge another issued. The solution is a
 * decimal counter such that SHA-256(challenge "." solution) starts with {@code bits} zero bits. Checking is
 * pure computation and comes before anything else; that a challenge is redeemed once is {@link FloodGuard}'s.
 */
@ApplicationScoped
public class Challenges {

    public static final Set<String> PURPOSES = Set.of("report", "mailbox");
    private static final Pattern FORMAT =
            Pattern.compile("v1\\.(report|mailbox)\\.(\\d{1,2})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");
    private static final Pattern SOLUTION = Pattern.compile("\\d{1,16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;

    @Inject
    public Challenges(ReceiptTokens tokens, HavenConfig config) {
        this(key(tokens), config.flood().challengeLifetime(), Clock.systemUTC());
    }

    /** The signing key, the same on every replica because it derives from the shared server secret. */
    static byte[] key(ReceiptTokens tokens) {
        return tokens.derive("proof-of-work-challenge");
    }

    Challenges(byte[] key, Duration lifetime, Clock clock) {
        this.key = key;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A fresh challenge for {@code purpose} asking for {@code bits} leading zero bits. */
    public Issued issue(String purpose, int bits) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Instant expires = clock.instant().plus(lifetime);
        String payload = String.format(Locale.ROOT, "v1.%s.%d.%d.%s", purpose, bits, expires.getEpochSecond(),
                Base64Url.encode(nonce));
        return new Issued(payload + "." + mac(payload), bits, expires);
    }

    /**
     * Checks a challenge and its solution for {@code purpose}: signature, purpose, expiry, work.
     *
     * @return the challenge's expiry, until which it must be remembered as redeemed
     * @throws Problem 428 when there is no challenge, 403 when it is not acceptable
     */
    public Instant verify(String challenge, String solution, String purpose) {
        if (challenge == null || challenge.isEmpty() || solution == null || solution.isEmpty()) {
            throw new Problem(428, "Proof of work required",
                    "Fetch a challenge from /api/challenge?for=" + purpose + " and send it with its solution.");
        }
        Matcher parts = FORMAT.matcher(challenge);
        if (!parts.matches() || !SOLUTION.matcher(solution).matches()) {
            throw refused("The challenge or its solution is malformed.");
        }
        String payload = challenge.substring(0, challenge.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                parts.group(5).getBytes(StandardCharsets.US_ASCII))) {
            throw refused("The challenge was not issued by this service.");
        }
        if (!parts.group(1).equals(purpose)) {
            throw refused("The challenge was issued for another purpose.");
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts.group(3)));
        if (!clock.instant().isBefore(expires)) {
            throw refused("The challenge has expired. Fetch a new one.");
        }
        if (leadingZeroBits(work(challenge, solution)) < Integer.parseInt(parts.group(2))) {
            throw refused("The solution does not do the work the challenge asks for.");
        }
        return expires;
    }

    static byte[] work(String challenge, String solution) {
        return IntakeService.sha256(challenge + "." + solution);
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    private String mac(String payload) {
        return Base64Url.encode(KeyedHash.hmacSha256(key, payload.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Problem refused(String detail) {
        return new Problem(403, "Proof of work refused", detail);
    }

    /** A challenge as sent to the browser. */
    public record Issued(String challenge, int difficulty, Instant expires) {
    }
}
