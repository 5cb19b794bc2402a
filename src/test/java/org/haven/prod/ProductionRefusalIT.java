package org.haven.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.crypto.SigningKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real production jar ({@code target/quarkus-app}, built by {@code package}) against a fresh
 * PostgreSQL and sees it refuse unsafe settings, all in one message, and start once they are fixed.
 */
class ProductionRefusalIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
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
        Map<String, String> env = database();
        env.put("HAVEN_RECEIPT_TOKEN_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("HAVEN_REFERRAL_SIGNING_KEY", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc");
        env.put("HAVEN_REFERRAL_ALLOW_PLAIN_HTTP", "true");
        Path log = WORK.resolve("refused.log");
        Process haven = start(env, log);
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
        Map<String, String> env = database();
        byte[] tokenKey = new byte[32];
        new SecureRandom().nextBytes(tokenKey);
        env.put("HAVEN_RECEIPT_TOKEN_KEY", Base64.getEncoder().encodeToString(tokenKey));
        env.put("HAVEN_REFERRAL_SIGNING_KEY", SigningKeyPair.generate().seedBase64Url());
        // The embedded PostgreSQL has no TLS: this is the sidecar waiver, the one way to run without it.
        env.put("HAVEN_DATABASE_ALLOW_PLAINTEXT", "true");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path log = WORK.resolve("started.log");
        Process haven = start(env, log);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int status = 0;
            while (status != 200 && haven.isAlive() && System.nanoTime() < deadline) {
                try {
                    status = client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notListeningYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, Files.readString(log));
        } finally {
            haven.destroy();
            haven.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> database() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + postgres.getPort() + "/postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_HTTP_PORT", "0");
        return env;
    }

    private static Process start(Map<String, String> env, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
