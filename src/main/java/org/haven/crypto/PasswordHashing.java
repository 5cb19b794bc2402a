package org.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Staff passwords as Argon2id (RFC 9106), Bouncy Castle's implementation, in the PHC string format
 * {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>} so parameters can be raised later and old hashes
 * still verify. Defaults: 64 MiB, 3 passes, 1 lane — RFC 9106's second recommended option.
 */
public final class PasswordHashing {

    public static final int DEFAULT_MEMORY_KIB = 64 * 1024;
    public static final int DEFAULT_ITERATIONS = 3;
    public static final int DEFAULT_PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashing() {
    }

    public static String hash(String password) {
        return hash(password, DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    public static String hash(String password, int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return String.format(Locale.ROOT, "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", memoryKib, iterations, parallelism,
                B64.encodeToString(salt), B64.encodeToString(hash));
    }

    /** Constant-time comparison; false for a malformed stored hash rather than an exception. */
    public static boolean verify(String password, String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, B64D.decode(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** True when a stored hash uses weaker parameters than today's defaults, so it should be redone. */
    public static boolean needsRehash(String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        return !m.matches() || Integer.parseInt(m.group(1)) < DEFAULT_MEMORY_KIB
                || Integer.parseInt(m.group(2)) < DEFAULT_ITERATIONS;
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
