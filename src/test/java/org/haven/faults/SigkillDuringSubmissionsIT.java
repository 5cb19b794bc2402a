package org.haven.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.haven.crypto.Hpke;
import org.haven.testing.PreSealed;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Haven killed with SIGKILL in the middle of 1,000 concurrent submissions: every submission that was answered
 * (the reporter saw a receipt) is in the database afterwards with exactly the envelope that was sent, no row is
 * half-written or foreign, Haven starts again on the same database, and resending what went unanswered stores
 * each report once. PostgreSQL runs with synchronous_commit on, as production does.
 */
class SigkillDuringSubmissionsIT {

    private static final Path WORK = Path.of("target", "faults-it").toAbsolutePath();
    private static final int SUBMISSIONS = 1000;
    private static final int IN_FLIGHT = 200;
    /** Answers to wait for before the kill: late enough that many are done, early enough that many are not. */
    private static final int KILL_AFTER_ANSWERS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgres postgres;
    private static Connection db;

    @BeforeAll
    static void startPostgres() throws Exception {
        Files.createDirectories(WORK);
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        postgres = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("postgres")).setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
        db = postgres.getPostgresDatabase().getConnection();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        db.close();
        postgres.close();
    }

    @Test
    void everyAnsweredSubmissionSurvivesAKilledHaven() throws Exception {
        Map<String, String> env = Map.of("HAVEN_RECEIPT_TOKEN_KEY", ProdJar.newReceiptTokenKey());
        Process haven = start("first", env);
        String kid = "org-faults-" + System.nanoTime();
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        try (PreparedStatement s = db.prepareStatement(
                "insert into intake_key (kid, public_key, created_at, active) values (?, ?, now(), true)")) {
            s.setString(1, kid);
            s.setBytes(2, intake.publicKey());
            s.executeUpdate();
        }
        List<PreSealed.Submission> sent = PreSealed.seal(SUBMISSIONS, kid, intake.publicKey(), 1500).items();

        URI reports = URI.create(base(haven) + "/api/reports");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> answered = new ConcurrentHashMap<>();
        CountDownLatch enoughAnswers = new CountDownLatch(KILL_AFTER_ANSWERS);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        Thread killer = new Thread(() -> {
            try {
                enoughAnswers.await();
                haven.destroyForcibly(); // SIGKILL: no shutdown hook, no draining
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        for (int i = 0; i < SUBMISSIONS && haven.isAlive(); i++) {
            int index = i;
            inFlight.acquire();
            calls.add(client.sendAsync(post(reports, sent.get(i)), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        inFlight.release();
                        if (response != null && (response.statusCode() == 201 || response.statusCode() == 200)) {
                            answered.put(index, response.statusCode());
                            enoughAnswers.countDown();
                        }
                    }));
        }
        killer.join(TimeUnit.SECONDS.toMillis(120));
        assertTrue(haven.waitFor(30, TimeUnit.SECONDS), "Haven was killed");
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((ok, failure) -> null)
                .get(60, TimeUnit.SECONDS);
        int unanswered = SUBMISSIONS - answered.size();
        assertTrue(answered.size() >= KILL_AFTER_ANSWERS && unanswered > 0,
                "the kill must land mid-run: " + answered.size() + " answered of " + SUBMISSIONS);

        Map<String, String> stored = storedEnvelopes();
        Map<String, Integer> sentByHash = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            sentByHash.put(hex(sent.get(i).submissionKeyHash()), i);
        }
        for (Map.Entry<String, String> row : stored.entrySet()) {
            Integer index = sentByHash.get(row.getKey());
            assertTrue(index != null, "a stored report nobody sent: " + row.getKey());
            assertEquals(JSON.readTree(sent.get(index).envelopeJson()), JSON.readTree(row.getValue()),
                    "report " + index + " is stored whole, exactly as sent");
        }
        for (int index : answered.keySet()) {
            assertTrue(stored.containsKey(hex(sent.get(index).submissionKeyHash())),
                    "submission " + index + " was answered but is not in the database");
        }
        System.out.printf("SigkillDuringSubmissionsIT: %d answered, %d stored, %d unanswered of which %d stored "
                + "(committed, answer lost)%n", answered.size(), stored.size(), unanswered,
                stored.size() - answered.size());

        Process again = start("second", env);
        try {
            String base = base(again);
            for (int index : answered.keySet().stream().limit(20).toList()) {
                HttpResponse<String> mailbox = client.send(HttpRequest.newBuilder(URI.create(base + "/api/mailbox"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + sent.get(index).token() + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, mailbox.statusCode(), "the reporter of " + index + " reaches their mailbox");
            }
            URI resend = URI.create(base + "/api/reports");
            for (int i = 0; i < SUBMISSIONS; i++) {
                if (!answered.containsKey(i)) {
                    int status = client.send(post(resend, sent.get(i)), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    assertTrue(status == 201 || status == 200, "resend of " + i + " answered " + status);
                }
            }
            assertEquals(SUBMISSIONS, storedEnvelopes().size(), "after resending, every report is stored once");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process start(String name, Map<String, String> env) throws Exception {
        Path log = WORK.resolve("haven-" + name + ".log");
        long start = System.nanoTime();
        int port = ProdJar.freePort();
        Process haven = ProdJar.start(postgres.getPort(), port, env, List.of("-Xmx384m"), log);
        PORTS.put(haven.pid(), port);
        ProdJar.waitReady(haven, "http://localhost:" + port, start, log);
        return haven;
    }

    private static final Map<Long, Integer> PORTS = new ConcurrentHashMap<>();

    private static String base(Process haven) {
        return "http://localhost:" + PORTS.get(haven.pid());
    }

    private static HttpRequest post(URI uri, PreSealed.Submission submission) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(submission.body())).build();
    }

    private static Map<String, String> storedEnvelopes() throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("select submission_key_hash, envelope from report");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                stored.put(hex(rows.getBytes(1)), rows.getString(2));
            }
        }
        return stored;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
