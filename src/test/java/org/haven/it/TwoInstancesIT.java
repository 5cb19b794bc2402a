package org.haven.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.haven.crypto.SigningKeyPair;
import org.haven.intake.TestReports;
import org.haven.referral.receiver.AcceptedReferral;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.OutboxFixtures;
import org.haven.testing.ProdJar;
import org.haven.testing.ProofOfWork;
import org.haven.testing.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Two replicas of the production jar on one PostgreSQL (issue 7, "Several replicas, one truth"): they start at
 * the same moment (Flyway must cope), share the same receipt-token and signing keys as replicas of one deployment
 * do, and must behave as one service. Runs in {@code ./mvnw verify} after {@code package}; logs under target/it/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    private static final Path WORK = Path.of("target", "it").toAbsolutePath();
    private static final Duration START_LIMIT = Duration.ofSeconds(150);
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);
    private static final int BATCH_SIZE = 20;
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
    /** Prod sets the cookie Secure with the __Host- prefix; plain HTTP here, so the test carries it by hand. */
    private static final String COOKIE = "__Host-haven-staff";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private static EmbeddedPostgres postgres;
    private static Connection db;
    private static ReferenceReceiver receiver;
    private static OutboxFixtures fixtures;
    private static Instance a;
    private static Instance b;

    /** One replica: its process, address and log. */
    private record Instance(String name, Process process, String base, Path log) {

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @RegisterExtension
    static final TestWatcher LOG_TAILS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (Instance instance : new Instance[] {a, b}) {
                if (instance != null) {
                    System.err.println("---- last lines of instance " + instance.name() + " (" + instance.log()
                            + ") ----\n" + ProdJar.tail(instance.log(), 40));
                }
            }
        }
    };

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Files.createDirectories(WORK);
        int pgPort = ProdJar.freePort();
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start();
        db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");

        SigningKeyPair signing = SigningKeyPair.generate();
        Path receiverDir = WORK.resolve("receiver-" + System.currentTimeMillis());
        Files.createDirectories(receiverDir);
        receiver = new ReferenceReceiver(receiverDir, signing.publicKey()).start(0);

        Map<String, String> env = new HashMap<>();
        // Replicas of one deployment share the one Kubernetes Secret.
        env.put("HAVEN_RECEIPT_TOKEN_KEY", ProdJar.newReceiptTokenKey());
        env.put("HAVEN_REFERRAL_SIGNING_KEY", signing.seedBase64Url());
        // The embedded PostgreSQL speaks plain TCP on localhost. The reference receiver's plain-HTTP endpoint is
        // written over JDBC (OutboxFixtures), so no allow-plain-http, which prod refuses.
        env.put("HAVEN_DATABASE_ALLOW_PLAINTEXT", "true");
        // Short retries and lease so failures and a killed replica resolve in seconds (the request timeout stays
        // generous, well inside the lease, so a slow CI machine does not cause resends); small batches so both
        // replicas claim work at the same time.
        env.put("HAVEN_REFERRAL_FIRST_RETRY", "PT0.2S");
        env.put("HAVEN_REFERRAL_MAX_RETRY", "PT1S");
        env.put("HAVEN_REFERRAL_REQUEST_TIMEOUT", "PT5S");
        env.put("HAVEN_REFERRAL_LEASE", "PT12S");
        env.put("HAVEN_REFERRAL_BATCH_SIZE", Integer.toString(BATCH_SIZE));
        // Proofs of work on, as in production (ProdJar turns them off for the fault tests): a challenge is
        // stateless, so either replica checks what the other issued, and redeemed once across both.
        env.put("HAVEN_FLOOD_PROOF_REQUIRED", "true");
        List<String> jvm = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

        long start = System.nanoTime();
        a = launch("a", pgPort, env, jvm);
        b = launch("b", pgPort, env, jvm); // at once, not after A is ready: both run Flyway concurrently
        double readyA = ProdJar.waitReady(a.process(), a.base(), start, a.log(), START_LIMIT);
        double readyB = ProdJar.waitReady(b.process(), b.base(), start, b.log(), START_LIMIT);
        System.out.printf("TwoInstancesIT: both replicas ready (A %.1f s, B %.1f s after launch)%n", readyA, readyB);
        assertEquals(1, count("select count(*) from flyway_schema_history where version = '1'"),
                "Flyway applied the first migration more than once");
        fixtures = OutboxFixtures.create(db, receiver);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Instance instance : new Instance[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void reportSubmittedThroughOneIsVisibleThroughTheOther() throws Exception {
        TestReports.Sealed report = TestReports.sealed(fixtures.kid(), fixtures.intakePublic(),
                "Someone followed me home twice.", "record", TestReports.submissionKey());
        // Each request carries a proof of work whose challenge the other replica issued.
        assertEquals(201, postJson(a, "/api/reports", TestReports.json(proven(b, "report", report.body()))).statusCode(),
                "A did not store the report");
        HttpResponse<String> mailbox = postJson(b, "/api/mailbox",
                TestReports.json(proven(a, "mailbox", Map.of("token", report.token()))));
        assertEquals(200, mailbox.statusCode(), "B does not find the report submitted through A: " + mailbox.body());
        assertTrue(mailbox.body().contains("\"status\":\"new\""), mailbox.body());
        // A resend that lands on the other replica is recognised, not stored twice.
        HttpResponse<String> again = postJson(b, "/api/reports",
                TestReports.json(proven(b, "report", report.body())));
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("already-stored"), again.body());
    }

    @Test
    @Order(2)
    void aProofOfWorkIsRedeemedOnceAcrossBothReplicas() throws Exception {
        Map<String, Object> first = TestReports.sealed(fixtures.kid(), fixtures.intakePublic(), "My car was scratched.",
                "record", TestReports.submissionKey()).body();
        Map<String, Object> second = TestReports.sealed(fixtures.kid(), fixtures.intakePublic(), "My bike was stolen.",
                "record", TestReports.submissionKey()).body();
        assertEquals(428, postJson(a, "/api/reports", TestReports.json(second)).statusCode(),
                "a report without a proof of work was not refused");

        Map<String, Object> proved = proven(a, "report", first);
        assertEquals(201, postJson(b, "/api/reports", TestReports.json(proved)).statusCode(),
                "B refused a proof A issued");
        long stored = count("select count(*) from report");
        // The same solved challenge on another report, through either replica: already redeemed.
        Map<String, Object> replayed = new HashMap<>(second);
        replayed.put("challenge", proved.get("challenge"));
        replayed.put("solution", proved.get("solution"));
        for (Instance to : new Instance[] {a, b}) {
            HttpResponse<String> replay = postJson(to, "/api/reports", TestReports.json(replayed));
            assertEquals(409, replay.statusCode(), to.name() + " accepted a redeemed challenge: " + replay.body());
        }
        assertEquals(stored, count("select count(*) from report"), "a report with a replayed proof was stored");
        // A challenge issued for reports does not open a mailbox.
        HttpResponse<String> wrongPurpose = postJson(b, "/api/mailbox",
                TestReports.json(proven(a, "report", Map.of("token", "0000000000000000"))));
        assertEquals(403, wrongPurpose.statusCode(), wrongPurpose.body());
    }

    @Test
    @Order(3)
    void caseworkerSignedInOnOneWorksOnTheOther() throws Exception {
        String username = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "two replicas passphrase " + UUID.randomUUID();
        StaffAccounts.insert(db, username, "admin", password);

        // Sign in on A as a new account would: password, then enrol an authenticator.
        HttpResponse<String> first = postForm(a, "/casework/login", null,
                Map.of("username", username, "password", password));
        assertEquals(303, first.statusCode(), "A refused the password");
        assertEquals("/casework/login/enrol", URI.create(first.headers().firstValue("Location").orElseThrow()).getPath());
        String half = cookie(first);
        HttpResponse<String> enrolPage = get(a, "/casework/login/enrol", half);
        String code = StaffAccounts.enrolmentCode(enrolPage.body());
        assertNotNull(code, "no authenticator secret on A's enrolment page");
        HttpResponse<String> enrolled = postForm(a, "/casework/login/enrol", half, Map.of("code", code));
        assertEquals(200, enrolled.statusCode(), "A refused the enrolment code");
        String session = cookie(enrolled);
        Matcher csrf = CSRF.matcher(get(a, "/casework", session).body());
        assertTrue(csrf.find(), "no CSRF token on A's staff home page");

        // The session and its CSRF token, issued by A, work on B.
        HttpResponse<String> me = get(b, "/casework/api/me", session);
        assertEquals(200, me.statusCode(), "B does not know A's session");
        assertTrue(me.body().contains(username), me.body());
        String account = TestReports.json(Map.of("username", "it-cw-" + UUID.randomUUID().toString().substring(0, 8),
                "role", "caseworker", "password", "a caseworker passphrase"));
        assertEquals(403, postJson(b, "/casework/api/admin/accounts", account, session, null).statusCode(),
                "B accepted a change without the CSRF token");
        HttpResponse<String> created = postJson(b, "/casework/api/admin/accounts", account, session, csrf.group(1));
        assertEquals(201, created.statusCode(), "B refused A's session and CSRF token: " + created.body());

        // Signing out on B ends the session on A too.
        assertEquals(204, postJson(b, "/casework/api/sign-out", "", session, csrf.group(1)).statusCode());
        assertEquals(401, get(a, "/casework/api/me", session).statusCode(), "A still honours a session ended on B");
    }

    @Test
    @Order(4)
    void everyReferralIsDeliveredOnceWhileBothRun() throws Exception {
        int referrals = 300;
        int failures = 5;
        fixtures.queue(db, referrals, "both running");
        int requestsBefore = receiver.requestCount();
        receiver.faults().failNext(failures, 503);
        makeQueuedReferralsDue();
        waitFor(() -> delivered() == referrals, DELIVERY_LIMIT,
                () -> "only " + delivered() + " of " + referrals + " referrals delivered");

        List<AcceptedReferral> accepted = receiver.accepted();
        assertEquals(referrals, accepted.size(), "the force recorded a different number of referrals");
        assertEquals(referrals, accepted.stream().map(AcceptedReferral::idempotencyKey).distinct().count(),
                "an Idempotency-Key was recorded twice");
        // No duplicate sends at all: one request per referral, plus one retry per injected failure.
        assertEquals(referrals + failures, receiver.requestCount() - requestsBefore,
                "the two replicas sent some referral more than once");
        assertEquals(0, count("select count(*) from referral_outbox"), "outbox rows left behind");
    }

    @Test
    @Order(5)
    void referralsLeasedByAKilledReplicaAreDeliveredOnceByTheOther() throws Exception {
        int referrals = 100;
        int before = receiver.accepted().size();
        int requestsBefore = receiver.requestCount();
        fixtures.queue(db, referrals, "replica killed");
        // Slow answers keep claimed rows in flight. A replica runs one batch at a time, so more leased rows than
        // one batch means both replicas, A among them, hold some when A dies.
        receiver.faults().delayAnswers(Duration.ofMillis(1500));
        makeQueuedReferralsDue();
        waitFor(() -> leasedOutboxRows() > BATCH_SIZE, Duration.ofSeconds(20),
                () -> "the replicas did not both claim a batch within 20 s (leased: " + leasedOutboxRows() + ")");
        long inFlight = leasedOutboxRows();
        a.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        receiver.faults().delayAnswers(Duration.ZERO);

        waitFor(() -> delivered() == before + referrals, DELIVERY_LIMIT,
                () -> "only " + (delivered() - before) + " of " + referrals + " delivered after A was killed");
        System.out.printf("TwoInstancesIT: A killed with %d rows leased; B finished %.1f s later; %d requests for "
                + "%d referrals (resends of A's rows answered as duplicates)%n", inFlight,
                (System.nanoTime() - killed) / 1e9, receiver.requestCount() - requestsBefore, referrals);
        List<AcceptedReferral> accepted = receiver.accepted();
        Map<String, Long> perKey = accepted.stream()
                .collect(Collectors.groupingBy(AcceptedReferral::idempotencyKey, Collectors.counting()));
        assertEquals(before + referrals, accepted.size(), "the force recorded a different number of referrals");
        assertEquals(accepted.size(), perKey.size(), "an Idempotency-Key was recorded twice");
        assertEquals(0, count("select count(*) from referral_outbox"), "outbox rows left behind");
    }

    // ---- helpers ----

    private static Instance launch(String name, int pgPort, Map<String, String> env, List<String> jvm)
            throws IOException {
        int port = ProdJar.freePort();
        Path log = WORK.resolve("haven-" + name + ".log");
        return new Instance(name, ProdJar.start(pgPort, port, env, jvm, log), "http://localhost:" + port, log);
    }

    private static void makeQueuedReferralsDue() throws Exception {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("update referral_outbox set next_attempt_at = now() where next_attempt_at = 'infinity'");
        }
    }

    private static long delivered() {
        return uncheckedCount("select count(*) from referral where state = 'delivered'");
    }

    private static long leasedOutboxRows() {
        return uncheckedCount("select count(*) from referral_outbox where lease_until > now()");
    }

    private static long uncheckedCount(String sql) {
        try {
            return count(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void waitFor(BooleanSupplier done, Duration limit, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up after " + limit.toSeconds() + " s: " + why.get());
            }
            Thread.sleep(100);
        }
    }

    /** {@code body} as JSON with a challenge fetched from {@code issuer} for {@code purpose}, solved. */
    private static Map<String, Object> proven(Instance issuer, String purpose, Map<String, ?> body) throws Exception {
        HttpResponse<String> issued = get(issuer, "/api/challenge?for=" + purpose, null);
        assertEquals(200, issued.statusCode(), issued.body());
        Matcher challenge = Pattern.compile("\"challenge\":\"([^\"]+)\"").matcher(issued.body());
        Matcher difficulty = Pattern.compile("\"difficulty\":(\\d+)").matcher(issued.body());
        assertTrue(challenge.find() && difficulty.find(), issued.body());
        Map<String, Object> proved = new HashMap<>(body);
        proved.put("challenge", challenge.group(1));
        proved.put("solution", ProofOfWork.solve(challenge.group(1), Integer.parseInt(difficulty.group(1))));
        return proved;
    }

    private static HttpResponse<String> get(Instance to, String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.base() + path)).timeout(Duration.ofSeconds(20));
        if (session != null) {
            request.header("Cookie", COOKIE + "=" + session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(Instance to, String path, String json) throws Exception {
        return postJson(to, path, json, null, null);
    }

    private static HttpResponse<String> postJson(Instance to, String path, String json, String session, String csrf)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.base() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) {
            request.header("Cookie", COOKIE + "=" + session);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(Instance to, String path, String session, Map<String, String> form)
            throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.base() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Cookie", COOKIE + "=" + session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The staff session cookie a response sets; fails if it sets none. */
    private static String cookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(COOKIE + "=")) {
                return header.substring(COOKIE.length() + 1).split(";", 2)[0];
            }
        }
        throw new AssertionError("no " + COOKIE + " cookie in " + response.headers().allValues("Set-Cookie"));
    }


}
