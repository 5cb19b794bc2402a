package org.haven.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.haven.crypto.Hpke;
import org.haven.testing.PreSealed;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again while reporters submit: during the outage every submission is answered
 * 503 with Retry-After (the report page then keeps the report and says "try again"), never a 500; Haven's
 * readiness goes down and up again; once PostgreSQL is back, submissions succeed without restarting Haven; and
 * every submission answered 201 is stored.
 */
class DatabaseRestartIT {

    private static final Path WORK = Path.of("target", "faults-it", "restart").toAbsolutePath();
    private static final int SUBMISSIONS = 600;
    private static final int CLIENTS = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(4);

    @Test
    void reportersAreToldToTryAgainAndHavenRecoversWhenPostgresRestarts() throws Exception {
        Path data = WORK.resolve("postgres");
        deleteTree(data);
        Files.createDirectories(WORK);
        int pgPort = ProdJar.freePort();
        EmbeddedPostgres postgres = postgres(pgPort, data);
        String kid = "org-restart-" + System.nanoTime();
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        Path log = WORK.resolve("haven.log");
        long start = System.nanoTime();
        int port = ProdJar.freePort();
        Process haven = ProdJar.start(pgPort, port, Map.of(), List.of("-Xmx384m"), log);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            ProdJar.waitReady(haven, "http://localhost:" + port, start, log);
            try (Connection db = postgres.getPostgresDatabase().getConnection();
                    PreparedStatement s = db.prepareStatement(
                            "insert into intake_key (kid, public_key, created_at, active) values (?, ?, now(), true)")) {
                s.setString(1, kid);
                s.setBytes(2, intake.publicKey());
                s.executeUpdate();
            }
            List<PreSealed.Submission> sent = PreSealed.seal(SUBMISSIONS, kid, intake.publicKey(), 1500).items();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI reports = URI.create("http://localhost:" + port + "/api/reports");
            URI ready = URI.create("http://localhost:" + ProdJar.managementPort(haven) + "/q/health/ready");

            Map<Integer, Integer> status = new ConcurrentHashMap<>();
            Set<Integer> otherAnswers = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicBoolean paced = new AtomicBoolean(true);
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < SUBMISSIONS; i = next.getAndIncrement()) {
                        HttpResponse<String> response = client.send(post(reports, sent.get(i)),
                                HttpResponse.BodyHandlers.ofString());
                        int code = response.statusCode();
                        status.put(i, code);
                        if (code == 503) {
                            assertEquals("30", response.headers().firstValue("Retry-After").orElse(""));
                            assertTrue(response.body().contains("try again"), response.body());
                        } else if (code != 201 && code != 200) {
                            otherAnswers.add(code);
                        }
                        answered.incrementAndGet();
                        if (paced.get()) {
                            Thread.sleep(20); // a steady trickle, so the outage is met by many submissions
                        }
                    }
                    return null;
                }));
            }
            waitUntil(() -> answered.get() >= 100, Duration.ofSeconds(60), "100 submissions before the outage");
            postgres.close(); // stops the server, keeps its data
            long outage = System.nanoTime();
            waitUntil(() -> get(client, ready) == 503, Duration.ofSeconds(20), "readiness down during the outage");
            int answeredAtOutage = answered.get();
            waitUntil(() -> answered.get() >= answeredAtOutage + 30, Duration.ofSeconds(30),
                    "submissions answered during the outage");
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outage) / 1_000_000));
            postgres = postgres(pgPort, data);
            double restarted = (System.nanoTime() - outage) / 1e9;
            waitUntil(() -> get(client, ready) == 200, Duration.ofSeconds(60), "readiness up after the restart");
            double recovered = (System.nanoTime() - outage) / 1e9;
            paced.set(false);
            for (var future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
            assertTrue(haven.isAlive(), "Haven recovered without a restart of its own");
            assertEquals(Set.of(), otherAnswers, "answers other than 201/200/503 (e.g. 500)");
            long unavailable = status.values().stream().filter(code -> code == 503).count();
            assertTrue(unavailable > 0, "some submissions met the outage");

            Set<String> stored = storedSubmissionKeys(postgres);
            for (Map.Entry<Integer, Integer> answer : status.entrySet()) {
                if (answer.getValue() == 201) {
                    assertTrue(stored.contains(hex(sent.get(answer.getKey()).submissionKeyHash())),
                            "submission " + answer.getKey() + " was answered 201 but is not stored");
                }
            }
            // The reporters told to try again do so: every one is stored now, once.
            for (Map.Entry<Integer, Integer> answer : status.entrySet()) {
                if (answer.getValue() == 503) {
                    int code = client.send(post(reports, sent.get(answer.getKey())),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertTrue(code == 201 || code == 200, "retry after the outage answered " + code);
                }
            }
            assertEquals(SUBMISSIONS, storedSubmissionKeys(postgres).size(), "every report stored once");
            System.out.printf("DatabaseRestartIT: %d submissions, %d answered 503 during the outage; PostgreSQL back "
                    + "after %.1f s, Haven ready again after %.1f s, without restarting%n", SUBMISSIONS, unavailable,
                    restarted, recovered);
        } finally {
            clients.shutdownNow();
            haven.destroy();
            haven.waitFor(30, TimeUnit.SECONDS);
            postgres.close();
        }
    }

    private static EmbeddedPostgres postgres(int port, Path data) throws IOException {
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on").setOutputRedirector(pgLog).setErrorRedirector(pgLog)
                .start();
    }

    private static HttpRequest post(URI uri, PreSealed.Submission submission) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(submission.body())).build();
    }

    private static int get(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    private static Set<String> storedSubmissionKeys(EmbeddedPostgres postgres) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                PreparedStatement s = db.prepareStatement("select submission_key_hash from report");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                keys.add(hex(rows.getBytes(1)));
            }
        }
        return keys;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
