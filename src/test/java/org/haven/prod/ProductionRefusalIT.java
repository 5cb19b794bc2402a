package org.haven.prod;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real production jar ({@code target/quarkus-app}, built by {@code package}) against a fresh
 * PostgreSQL and sees it refuse unsafe settings, all in one message, and start once they are fixed.
 */
class ProductionRefusalIT {

    private static final Path WORK = Path.of("target", "prod-it").toAbsolutePath();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        Files.createDirectories(WORK);
        // PostgreSQL's output to a file of its own: logged, it would reach the test log NoTraceTest reads.
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        postgres = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
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

}
