package org.haven.bench;

import java.io.IOException;
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

/** Starts Haven's production jar for a benchmark, against a PostgreSQL the benchmark owns, and waits for it. */
final class BenchHaven {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private BenchHaven() {
    }

    /**
     * Starts the prod jar on {@code httpPort} with the settings production requires (datasource, receipt-token
     * key, a fresh signing key) plus {@code extraEnv}; its output goes to {@code log}.
     */
    static Process start(int pgPort, int httpPort, Map<String, String> extraEnv, List<String> jvmArgs, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        byte[] tokenKey = new byte[32];
        new SecureRandom().nextBytes(tokenKey);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pgPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("HAVEN_RECEIPT_TOKEN_KEY", Base64.getEncoder().encodeToString(tokenKey));
        env.put("HAVEN_REFERRAL_SIGNING_KEY", org.haven.crypto.SigningKeyPair.generate().seedBase64Url());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.putAll(extraEnv);
        return builder.start();
    }

    /** Seconds from {@code startNanos} until {@code /q/health/ready} answers 200; fails with the log's tail. */
    static double waitReady(Process haven, String base, long startNanos, Path log) throws Exception {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = startNanos + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!haven.isAlive()) {
                throw new IllegalStateException("Haven (prod jar) exited with " + haven.exitValue()
                        + " before it was ready. Its log:\n" + tail(log, 60));
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
        throw new IllegalStateException("Haven was not ready within 90 s. Its log:\n" + tail(log, 60));
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
