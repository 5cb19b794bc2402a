package org.haven.prod;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.haven.crypto.PasswordHashing;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts the real production jar ({@code target/quarkus-app}, built by {@code package}) against a fresh
 * PostgreSQL and sees it refuse unsafe settings, all in one message, and start once they are fixed.
 */
class ProductionRefusalIT {

    private static final Path WORK = Path.of("target", "prod-it").toAbsolutePath();
    private static EmbeddedPostgres postgres;
    private static final String DEMO_CASEWORKER = "insert into staff_account (id, username, role, password_hash, "
            + "created_at) values (gen_random_uuid(), 'caseworker', 'caseworker', ?, now())";
    private static final byte[] SAME_SECRET = Base64.getDecoder().decode(ProdJar.newReceiptTokenKey());
    private static final String SAME_SECRET_BASE64 = Base64.getEncoder().encodeToString(SAME_SECRET);
    private static final String SAME_SECRET_BASE64URL = Base64.getUrlEncoder().withoutPadding().encodeToString(SAME_SECRET);

    @BeforeAll
    static void startPostgres() throws IOException {
        Files.createDirectories(WORK);
        // PostgreSQL's output to a file of its own: logged, it would reach the test log NoTraceTest reads.
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        postgres = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
        // Haven's own migrations, so the cases below can plant rows before the jar's checks read them.
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void refusesWeakKeysPlainHttpAndPlaintextDatabaseInOneMessage() throws Exception {
        Path log = WORK.resolve("refused.log");
        Process haven = ProdJar.start(postgres.getPort(), ProdJar.freePort(), Map.of(
                "HAVEN_RECEIPT_TOKEN_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "HAVEN_REFERRAL_SIGNING_KEY", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc", // 32 bytes of 7
                "HAVEN_REFERRAL_ALLOW_PLAIN_HTTP", "true",
                "HAVEN_DATABASE_ALLOW_PLAINTEXT", "false"), List.of(), log);
        assertTrue(haven.waitFor(90, TimeUnit.SECONDS), "the prod jar should exit, not keep running");
        String output = Files.readString(log);
        assertNotEquals(0, haven.exitValue(), output);
        assertTrue(output.contains("Haven refuses to start in prod until these 5 problem(s) are fixed"), output);
        for (String setting : List.of("HAVEN_RECEIPT_TOKEN_KEY", "HAVEN_REFERRAL_SIGNING_KEY",
                "HAVEN_REFERRAL_ALLOW_PLAIN_HTTP", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "HAVEN_DATABASE_ALLOW_PLAINTEXT")) {
            assertTrue(output.contains(setting), setting + " missing from:\n" + output);
        }
    }

    @Test
    void startsOnceTheSettingsAreSafe() throws Exception {
        // ProdJar's settings: random keys, and the sidecar waiver, the one way to run on a database without TLS.
        int port = ProdJar.freePort();
        Path log = WORK.resolve("started.log");
        long start = System.nanoTime();
        Process haven = ProdJar.start(postgres.getPort(), port, Map.of(), List.of(), log);
        try {
            ProdJar.waitReady(haven, "http://localhost:" + port, start, log);
        } finally {
            haven.destroy();
            haven.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One refusal at a time, each from the real jar: a case changes one setting or one row from the safe
     * start above, and Haven must exit naming exactly that one problem and the setting or row to fix.
     */
    static List<Arguments> eachRefusal() {
        String point = "'\\x04" + "11".repeat(64) + "'::bytea";
        return List.of(
                refusal("active demo intake key", Map.of(), "insert into intake_key (kid, public_key, created_at, "
                        + "active) values ('demo-20260101000000', " + point + ", now(), true)",
                        "delete from intake_key where kid = 'demo-20260101000000'", "intake_key.active"),
                refusal("demo caseworker password", Map.of(), DEMO_CASEWORKER,
                        "delete from staff_account where username = 'caseworker'", "staff_account"),
                refusal("receipt-token key missing", Map.of("HAVEN_RECEIPT_TOKEN_KEY", ""), null, null,
                        "HAVEN_RECEIPT_TOKEN_KEY"),
                refusal("receipt-token key a counting sequence", Map.of("HAVEN_RECEIPT_TOKEN_KEY",
                        Base64.getEncoder().encodeToString(counting())), null, null, "HAVEN_RECEIPT_TOKEN_KEY"),
                refusal("signing key missing", Map.of("HAVEN_REFERRAL_SIGNING_KEY", ""), null, null,
                        "HAVEN_REFERRAL_SIGNING_KEY"),
                refusal("signing key too short", Map.of("HAVEN_REFERRAL_SIGNING_KEY", "c2hvcnQta2V5"), null, null,
                        "HAVEN_REFERRAL_SIGNING_KEY"),
                refusal("both keys the same secret", Map.of("HAVEN_RECEIPT_TOKEN_KEY", SAME_SECRET_BASE64,
                        "HAVEN_REFERRAL_SIGNING_KEY", SAME_SECRET_BASE64URL), null, null, "HAVEN_REFERRAL_SIGNING_KEY"),
                refusal("plain HTTP to police allowed", Map.of("HAVEN_REFERRAL_ALLOW_PLAIN_HTTP", "true"), null, null,
                        "HAVEN_REFERRAL_ALLOW_PLAIN_HTTP"),
                refusal("enabled force on plain HTTP", Map.of(), "update police_force set enabled = true, "
                        + "endpoint_url = 'http://police.example.org/referrals', public_key = " + point
                        + ", key_id = 'f-test' where code = 'kent'",
                        "update police_force set enabled = false, endpoint_url = null, public_key = null, key_id = null "
                                + "where code = 'kent'", "police_force.endpoint_url"),
                refusal("database connections without TLS", Map.of("HAVEN_DATABASE_ALLOW_PLAINTEXT", "false"), null,
                        null, "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachRefusal")
    void refusesEachUnsafeSettingOnItsOwn(String what, Map<String, String> env, String setUp, String tearDown,
            List<String> named) throws Exception {
        Path log = WORK.resolve("refused-" + what.replace(' ', '-') + ".log");
        sql(setUp);
        try {
            Process haven = ProdJar.start(postgres.getPort(), ProdJar.freePort(), env, List.of(), log);
            assertTrue(haven.waitFor(90, TimeUnit.SECONDS), what + ": the prod jar should exit, not keep running");
            String output = Files.readString(log);
            assertNotEquals(0, haven.exitValue(), output);
            assertTrue(output.contains("Haven refuses to start in prod until these " + named.size()
                    + " problem(s) are fixed"), what + ": " + named.size() + " refusal(s) expected:\n"
                    + ProdJar.tail(log, 40));
            for (String setting : named) {
                assertTrue(output.contains(setting), what + ": the refusal names " + setting + ":\n"
                        + ProdJar.tail(log, 40));
            }
        } finally {
            sql(tearDown);
        }
    }

    private static Arguments refusal(String what, Map<String, String> env, String setUp, String tearDown,
            String... named) {
        return Arguments.of(what, env, setUp, tearDown, List.of(named));
    }

    private static void sql(String statement) throws Exception {
        if (statement == null) {
            return;
        }
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                PreparedStatement s = db.prepareStatement(statement)) {
            if (statement.contains("?")) {
                s.setString(1, PasswordHashing.hash("demo-caseworker-passphrase")); // published in the README
            }
            s.executeUpdate();
        }
    }

    private static byte[] counting() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

}
