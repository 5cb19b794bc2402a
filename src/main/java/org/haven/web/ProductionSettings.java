package org.haven.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.haven.crypto.Base64Url;

/**
 * The prod refusals that follow from settings alone, as pure functions so each can be tested without
 * starting prod. Every message names the property and its environment variable.
 */
public final class ProductionSettings {

    static final int MIN_KEY_BYTES = 32;
    /** Random 32 bytes have about 30 distinct values; fewer than 16 means text, a pattern or a placeholder. */
    static final int MIN_DISTINCT_BYTES = 16;
    private static final Set<String> TLS_MODES = Set.of("require", "verify-ca", "verify-full");
    private static final String RECEIPT = "haven.receipt-token-key";
    private static final String SIGNING = "haven.referral.signing-key";
    private static final String PLAIN_HTTP = "haven.referral.allow-plain-http";
    private static final String ALLOW_PLAINTEXT_DB = "haven.database.allow-plaintext";
    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String REACTIVE_SSL_MODE = "quarkus.datasource.reactive.postgresql.ssl-mode";
    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

    private ProductionSettings() {
    }

    /** The receipt-token key (base64) and the referral signing seed (base64url): present, strong, distinct. */
    public static List<String> keys(Optional<String> receiptTokenKey, Optional<String> signingKey) {
        List<String> problems = new ArrayList<>();
        byte[] receipt = null;
        byte[] seed = null;
        if (receiptTokenKey.isEmpty() || receiptTokenKey.get().isBlank()) {
            problems.add("Set " + named(RECEIPT) + ": base64 of at least 32 random bytes (openssl rand -base64 32).");
        } else {
            try {
                receipt = Base64.getDecoder().decode(receiptTokenKey.get().trim());
                weakness(receipt).ifPresent(why -> problems.add(named(RECEIPT) + " is weak (" + why
                        + "): replace it with base64 of at least 32 random bytes (openssl rand -base64 32)."));
            } catch (IllegalArgumentException e) {
                problems.add(named(RECEIPT) + " is not base64: use openssl rand -base64 32.");
            }
        }
        if (signingKey.isEmpty() || signingKey.get().isBlank()) {
            problems.add("Set " + named(SIGNING) + ": base64url (no padding) of a random 32-byte Ed25519 seed.");
        } else {
            try {
                seed = Base64Url.decode(signingKey.get().trim());
            } catch (IllegalArgumentException e) {
                seed = null;
            }
            if (seed == null || seed.length != MIN_KEY_BYTES) {
                problems.add(named(SIGNING) + " must be base64url (no padding) of exactly 32 bytes.");
                seed = null;
            } else {
                weakness(seed).ifPresent(why -> problems.add(named(SIGNING) + " is weak (" + why
                        + "): replace it with base64url of a random 32-byte seed."));
            }
        }
        if (receipt != null && seed != null && receipt.length >= seed.length
                && Arrays.equals(Arrays.copyOf(receipt, seed.length), seed)) {
            problems.add(named(RECEIPT) + " and " + named(SIGNING)
                    + " hold the same secret: give each its own random bytes.");
        }
        return problems;
    }

    /** Why {@code key} cannot be a random secret (too short, one byte repeated, a pattern, text), or empty. */
    static Optional<String> weakness(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            return Optional.of(key.length + " bytes, fewer than " + MIN_KEY_BYTES);
        }
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (byte b : key) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                distinct++;
            }
        }
        if (distinct == 1) {
            return Optional.of("every byte is the same");
        }
        for (int period = 1; period <= key.length / 2; period++) {
            if (repeatsWithPeriod(key, period)) {
                return Optional.of("a " + period + "-byte pattern repeated");
            }
        }
        if (isArithmetic(key)) {
            return Optional.of("a counting sequence");
        }
        if (distinct < MIN_DISTINCT_BYTES) {
            return Optional.of("only " + distinct + " different byte values");
        }
        return Optional.empty();
    }

    private static boolean repeatsWithPeriod(byte[] key, int period) {
        for (int i = period; i < key.length; i++) {
            if (key[i] != key[i - period]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isArithmetic(byte[] key) {
        int step = (key[1] - key[0]) & 0xff;
        for (int i = 2; i < key.length; i++) {
            if (((key[i] - key[i - 1]) & 0xff) != step) {
                return false;
            }
        }
        return true;
    }

    /** {@code haven.referral.allow-plain-http} is for the reference receiver in dev and tests only. */
    public static List<String> plainHttp(boolean allowPlainHttp) {
        return allowPlainHttp
                ? List.of("Set " + named(PLAIN_HTTP) + " to false (or remove it): police endpoints must be HTTPS.")
                : List.of();
    }

    /**
     * The database connections (reactive for Haven, JDBC for Flyway) must require TLS: sslmode require,
     * verify-ca or verify-full, from the URL or, for the reactive one, {@code reactive.postgresql.ssl-mode}
     * (which Quarkus applies over the URL). {@code haven.database.allow-plaintext} waives this for a localhost
     * proxy or sidecar that does the TLS itself.
     */
    public static List<String> database(Optional<String> reactiveUrl, Optional<String> reactiveSslMode,
            Optional<String> jdbcUrl, boolean allowPlaintext) {
        if (allowPlaintext) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String waiver = "; only when a localhost proxy or sidecar does the TLS, set " + named(ALLOW_PLAINTEXT_DB)
                + " to true instead.";
        Optional<String> reactiveMode = reactiveSslMode.filter(mode -> !mode.isBlank())
                .or(() -> reactiveUrl.flatMap(url -> queryParameter(url, "sslmode")));
        if (reactiveUrl.isPresent() && !isTls(reactiveMode)) {
            problems.add("The database connection is not TLS: add ?sslmode=verify-full to " + named(REACTIVE_URL)
                    + " or set " + named(REACTIVE_SSL_MODE) + " to verify-full (or require, verify-ca)" + waiver);
        }
        if (jdbcUrl.isPresent()) {
            Optional<String> jdbcMode = queryParameter(jdbcUrl.get(), "sslmode");
            // pgjdbc: ssl=true without an sslmode means verify-full.
            boolean ssl = queryParameter(jdbcUrl.get(), "ssl").map("true"::equalsIgnoreCase).orElse(false);
            if (!(jdbcMode.isPresent() ? isTls(jdbcMode) : ssl)) {
                problems.add("The migration (JDBC) database connection is not TLS: add ?sslmode=verify-full to "
                        + named(JDBC_URL) + waiver);
            }
        }
        return problems;
    }

    private static boolean isTls(Optional<String> sslMode) {
        return sslMode.map(mode -> TLS_MODES.contains(mode.trim().toLowerCase(Locale.ROOT).replace('_', '-')))
                .orElse(false);
    }

    static Optional<String> queryParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** A property with the environment variable a container sets for it: {@code haven.x-y (HAVEN_X_Y)}. */
    public static String named(String property) {
        return property + " (" + property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")";
    }
}
