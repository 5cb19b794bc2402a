package org.haven.testing;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.crypto.SigningKeyPair;

/**
 * Starts Haven's production jar ({@code target/quarkus-app/quarkus-run.jar}, so {@code package} must have run)
 * against a PostgreSQL the caller owns, and waits for it. Shared by the benchmarks and the integration tests.
 */
public final class ProdJar {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private static final Map<Long, Integer> MANAGEMENT_PORTS = new ConcurrentHashMap<>();

    private ProdJar() {
    }

    /**
     * Starts the prod jar on {@code httpPort} with the settings production requires (datasource, a fresh
     * receipt-token key, a fresh signing key) plus {@code extraEnv}, which wins; its output goes to {@code log}.
     * Replicas of one deployment must be given the same keys through {@code extraEnv}.
     */
    public static Process start(int pgPort, int httpPort, Map<String, String> extraEnv, List<String> jvmArgs, Path log)
            throws IOException {
        return start(pgPort, httpPort, extraEnv, jvmArgs, log, null);
    }

    /** As {@link #start(int, int, Map, List, Path)}, run in {@code directory} (the caller's own if null). */
    public static Process start(int pgPort, int httpPort, Map<String, String> extraEnv, List<String> jvmArgs, Path log,
            Path directory) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw package first");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pgPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("HAVEN_RECEIPT_TOKEN_KEY", newReceiptTokenKey());
        env.put("HAVEN_REFERRAL_SIGNING_KEY", SigningKeyPair.generate().seedBase64Url());
        // The embedded PostgreSQL speaks plain TCP on localhost; without this waiver prod refuses to start.
        env.put("HAVEN_DATABASE_ALLOW_PLAINTEXT", "true");
        // The fault tests and benchmarks drive the API from Java without solving proofs of work, and send
        // more without JavaScript than a minute's budget allows; FloodLimitsTest covers both limits.
        env.put("HAVEN_FLOOD_PROOF_REQUIRED", "false");
        env.put("HAVEN_FLOOD_NO_JS_PER_MINUTE", "1000000");
        env.put("HAVEN_FLOOD_FAILED_SIGN_INS_PER_MINUTE", "1000000");
        env.put("HAVEN_FLOOD_SIGN_INS_PER_TOKEN", "1000000");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // Prod serves health on the management interface only; each instance gets its own free port.
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.putAll(extraEnv);
        Process haven = builder.start();
        MANAGEMENT_PORTS.put(haven.pid(), Integer.parseInt(env.get("QUARKUS_MANAGEMENT_PORT")));
        return haven;
    }

    /** The port a started jar serves {@code /q/health} on (prod's management interface). */
    public static int managementPort(Process haven) {
        Integer port = MANAGEMENT_PORTS.get(haven.pid());
        if (port == null) {
            throw new IllegalArgumentException("process " + haven.pid() + " was not started by ProdJar.start");
        }
        return port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A value for {@code HAVEN_RECEIPT_TOKEN_KEY}: 32 random bytes, base64. */
    public static String newReceiptTokenKey() {
        byte[] tokenKey = new byte[32];
        new SecureRandom().nextBytes(tokenKey);
        return Base64.getEncoder().encodeToString(tokenKey);
    }

    /**
     * Seconds from {@code startNanos} until {@code /q/health/ready} on the jar's management port answers 200;
     * fails with the log's tail. {@code base} names the instance in messages.
     */
    public static double waitReady(Process haven, String base, long startNanos, Path log) throws Exception {
        return waitReady(haven, base, startNanos, log, Duration.ofSeconds(90));
    }

    /** As {@link #waitReady(Process, String, long, Path)}, giving up {@code limit} after {@code startNanos}. */
    public static double waitReady(Process haven, String base, long startNanos, Path log, Duration limit)
            throws Exception {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort(haven) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = startNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!haven.isAlive()) {
                throw new IllegalStateException("Haven (prod jar, " + base + ") exited with " + haven.exitValue()
                        + " before it was ready. Its log (" + log + "):\n" + tail(log, 60));
            }
            try {
                if (probe.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("Haven (" + base + ") was not ready within " + limit.toSeconds()
                + " s. Its log (" + log + "):\n" + tail(log, 60));
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
