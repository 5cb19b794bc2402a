package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.haven.crypto.Base64Url;
import org.junit.jupiter.api.Test;

/** The prod refusals that follow from settings alone; each message names the setting to fix. */
class ProductionSettingsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void acceptsStrongDistinctKeys() {
        assertEquals(List.of(), ProductionSettings.keys(Optional.of(receiptKey(random(32))),
                Optional.of(signingKey(random(32)))));
    }

    @Test
    void refusesMissingKeysNamingBoth() {
        String message = String.join("\n", ProductionSettings.keys(Optional.empty(), Optional.of(" ")));
        assertTrue(message.contains("haven.receipt-token-key (HAVEN_RECEIPT_TOKEN_KEY)"), message);
        assertTrue(message.contains("haven.referral.signing-key (HAVEN_REFERRAL_SIGNING_KEY)"), message);
    }

    @Test
    void refusesShortReceiptTokenKey() {
        assertOne(ProductionSettings.keys(Optional.of(receiptKey(random(16))), Optional.of(signingKey(random(32)))),
                "HAVEN_RECEIPT_TOKEN_KEY", "16 bytes");
    }

    @Test
    void refusesReceiptTokenKeyThatIsNotBase64() {
        assertOne(ProductionSettings.keys(Optional.of("not base64!"), Optional.of(signingKey(random(32)))),
                "HAVEN_RECEIPT_TOKEN_KEY", "not base64");
    }

    @Test
    void refusesRepeatedByteKeys() {
        byte[] zeros = new byte[32];
        byte[] sevens = new byte[32];
        Arrays.fill(sevens, (byte) 7);
        List<String> problems = ProductionSettings.keys(Optional.of(receiptKey(zeros)), Optional.of(signingKey(sevens)));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("HAVEN_RECEIPT_TOKEN_KEY") && problems.get(0).contains("same"));
        assertTrue(problems.get(1).contains("HAVEN_REFERRAL_SIGNING_KEY") && problems.get(1).contains("same"));
    }

    @Test
    void refusesRepeatedPatternsCountingAndText() {
        byte[] pattern = new byte[48];
        byte[] block = random(12);
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = block[i % block.length];
        }
        byte[] counting = new byte[32];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) i;
        }
        byte[] text = "abababababcabcabcabcabbaabbbaacc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(ProductionSettings.weakness(pattern).orElseThrow().contains("12-byte pattern"));
        assertTrue(ProductionSettings.weakness(counting).orElseThrow().contains("counting"));
        assertTrue(ProductionSettings.weakness(text).orElseThrow().contains("3 different byte values"));
    }

    @Test
    void randomKeysAreNeverCalledWeak() {
        for (int i = 0; i < 10_000; i++) {
            byte[] key = random(32);
            assertEquals(Optional.empty(), ProductionSettings.weakness(key), Arrays.toString(key));
        }
    }

    @Test
    void refusesMalformedSigningKey() {
        assertOne(ProductionSettings.keys(Optional.of(receiptKey(random(32))), Optional.of(signingKey(random(31)))),
                "HAVEN_REFERRAL_SIGNING_KEY", "exactly 32 bytes");
    }

    @Test
    void refusesTheSameSecretForBothKeys() {
        byte[] secret = random(32);
        assertOne(ProductionSettings.keys(Optional.of(receiptKey(secret)), Optional.of(signingKey(secret))),
                "HAVEN_RECEIPT_TOKEN_KEY", "HAVEN_REFERRAL_SIGNING_KEY");
    }

    @Test
    void refusesPlainHttpForces() {
        assertOne(ProductionSettings.plainHttp(true), "haven.referral.allow-plain-http (HAVEN_REFERRAL_ALLOW_PLAIN_HTTP)");
        assertEquals(List.of(), ProductionSettings.plainHttp(false));
    }

    @Test
    void refusesPlaintextDatabaseNamingUrlSslModeAndWaiver() {
        List<String> problems = ProductionSettings.database(Optional.of("postgresql://db:5432/haven"), Optional.empty(),
                Optional.of("jdbc:postgresql://db:5432/haven?sslmode=prefer"), false);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertTrue(problems.get(0).contains("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE"));
        assertTrue(problems.get(1).contains("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(problems.get(1).contains("HAVEN_DATABASE_ALLOW_PLAINTEXT"));
    }

    @Test
    void acceptsTlsDatabaseFromUrlOrSslMode() {
        Optional<String> jdbc = Optional.of("jdbc:postgresql://db/haven?ApplicationName=haven&sslmode=verify-full");
        assertEquals(List.of(), ProductionSettings.database(Optional.of("postgresql://db/haven?sslmode=require"),
                Optional.empty(), jdbc, false));
        assertEquals(List.of(), ProductionSettings.database(Optional.of("postgresql://db/haven"),
                Optional.of("verify-ca"), Optional.of("jdbc:postgresql://db/haven?ssl=true"), false));
    }

    @Test
    void sslModeSettingOverridesTheUrl() {
        // Quarkus applies reactive.postgresql.ssl-mode over the URL's sslmode.
        assertOne(ProductionSettings.database(Optional.of("postgresql://db/haven?sslmode=verify-full"),
                Optional.of("prefer"), Optional.empty(), false), "QUARKUS_DATASOURCE_REACTIVE_URL");
    }

    @Test
    void plaintextDatabaseAllowedOnlyExplicitly() {
        assertEquals(List.of(), ProductionSettings.database(Optional.of("postgresql://localhost/haven"),
                Optional.empty(), Optional.of("jdbc:postgresql://localhost/haven"), true));
    }

    @Test
    void refusalListsEveryProblemNumbered() {
        String message = ProductionReadiness.message(List.of("first", "second"));
        assertTrue(message.contains("2 problem(s)") && message.contains("1. first") && message.contains("2. second"),
                message);
    }

    private static void assertOne(List<String> problems, String... expected) {
        assertEquals(1, problems.size(), problems.toString());
        for (String text : expected) {
            assertTrue(problems.get(0).contains(text), problems.get(0));
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String receiptKey(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String signingKey(byte[] bytes) {
        return Base64Url.encode(bytes);
    }
}
