package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.haven.referral.receiver.AcceptedReferral;
import org.haven.referral.receiver.ReferenceReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery through the outbox to Haven's own reference receiver, the police side a force would run (no mocks):
 * the receiver checks the digest and signature, opens the envelope, validates the schema and drops duplicates.
 * Each test proves what arrived, exactly once, through outages, errors, slow answers and a crashed worker.
 */
@QuarkusTest
class ReferralDeliveryTest {

    private static final String FORCE = "kent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReferralSigningKey signingKey;

    private Db db;
    private ReferenceReceiver receiver;
    private StaffClient.Session session;

    @BeforeEach
    void setUp() throws Throwable {
        db = new Db(dataSource);
        Path directory = Path.of("target", "haven-test", "receiver-" + UUID.randomUUID());
        Files.createDirectories(directory);
        receiver = new ReferenceReceiver(directory, signingKey.pair().publicKey()).start(0);
        TestForces.enable(dataSource, FORCE, receiver.url(), receiver.forceKey().publicKey());
        session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        TestForces.disable(dataSource, FORCE);
        receiver.close();
    }

    @Test
    void deliversOnceAndTellsTheReporterTheForcesReference() throws Exception {
        UUID report = newReport();
        Map<String, Object> created = propose(report, "Two bicycles were taken from a locked shed.");
        UUID referral = UUID.fromString((String) created.get("id"));
        waitUntil(() -> "delivered".equals(state(referral)), "referral delivered");

        List<AcceptedReferral> accepted = acceptedFor(referral);
        assertEquals(1, accepted.size());
        JsonNode document = JSON.readTree(Files.readAllBytes(accepted.get(0).file()));
        assertEquals(created.get("reference"), document.path("reference").asText());
        assertEquals("Two bicycles were taken from a locked shed.", document.at("/event/account").asText());

        // The force's reference comes back sealed: to the reporter's mailbox, and to the intake key for caseworkers.
        assertEquals("referred", db.text("select status from report where id = ?", report));
        Envelope copy = Envelope.parse(db.text("select force_reference from referral where id = ?", referral));
        JsonNode notice = JSON.readTree(Envelopes.open(copy, Purpose.REPLY, Base64Url.decode(demoKey.keyFile().privateKey())));
        assertEquals(accepted.get(0).reference(), notice.path("reference").asText());
        assertEquals(FORCE, notice.path("force").asText());
        assertEquals(1L, db.count("select count(*) from mailbox_message where report_id = ? and sender = 'haven'", report));
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", referral));
    }

    @Test
    void aForceThatIsDownForAWhileGetsEverythingOnceItIsBack() throws Exception {
        receiver.faults().refuseConnections();
        List<UUID> referrals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            referrals.add(UUID.fromString((String) propose(newReport(), "A bicycle was taken, case " + i + ".").get("id")));
        }
        waitUntil(() -> referrals.stream().allMatch(id -> attempts(id) >= 2), "every referral tried twice");
        assertEquals("refused", db.text("select last_error from referral where id = ?", referrals.get(0)));
        assertEquals("queued", state(referrals.get(0)));

        receiver.faults().acceptConnections();
        waitUntil(() -> referrals.stream().allMatch(id -> "delivered".equals(state(id))), "all delivered");
        for (UUID id : referrals) {
            assertEquals(1, acceptedFor(id).size(), "delivered once: " + id);
        }
    }

    @Test
    void errorsSlowAnswersAndLostAnswersEndInExactlyOneDelivery() throws Exception {
        // The receiver records the first two, then answers 500 as if the answer were lost; Haven retries the
        // same Idempotency-Key and the receiver recognises it.
        receiver.faults().loseNextAnswers(2, 500);
        List<UUID> lost = List.of(id(propose(newReport(), "A bicycle was taken.")), id(propose(newReport(), "A scooter was taken.")));
        waitUntil(() -> lost.stream().allMatch(id -> "delivered".equals(state(id))), "lost answers retried");
        for (UUID id : lost) {
            assertEquals(1, acceptedFor(id).size());
        }
        assertTrue(receiver.requestCount() >= 4, "each lost answer was followed by a retry");

        // Plain 503s, then answers slower than Haven's 2 s request timeout (test profile).
        receiver.faults().failNext(3, 503);
        UUID failing = id(propose(newReport(), "A van was broken into."));
        waitUntil(() -> "delivered".equals(state(failing)), "delivered after 503s");
        assertEquals(1, acceptedFor(failing).size());

        receiver.faults().delayAnswers(Duration.ofSeconds(3));
        UUID slow = id(propose(newReport(), "A car window was smashed."));
        waitUntil(() -> "timeout".equals(db.text("select last_error from referral where id = ?", slow)), "a timeout seen");
        receiver.faults().clear();
        waitUntil(() -> "delivered".equals(state(slow)), "delivered after timeouts");
        assertEquals(1, acceptedFor(slow).size(), "a timed-out request that did arrive is not kept twice");
    }

    @Test
    void aWorkerThatDiedHoldingARowDeliversItOnlyAfterItsLeaseEnds() throws Exception {
        receiver.faults().refuseConnections();
        UUID referral = id(propose(newReport(), "A bicycle was taken from a station."));
        // As a replica would leave it when killed mid-delivery: claimed, leased, never answered. Taken only
        // while no live worker holds the row (lease_until is null), as a real claim would.
        waitUntil(() -> db.execute("update referral_outbox set next_attempt_at = now(), "
                + "lease_until = now() + interval '3 seconds', attempts = attempts + 1 "
                + "where referral_id = ? and lease_until is null and attempts >= 1", referral) == 1, "row claimed");
        receiver.faults().acceptConnections();
        Thread.sleep(1500);
        assertEquals("queued", state(referral), "another worker must not take a leased row");
        waitUntil(() -> "delivered".equals(state(referral)), "delivered after the lease");
        assertEquals(1, acceptedFor(referral).size());
    }

    @Test
    void aChangedForceKeyMakesAQueuedReferralDeadAndTheCaseworkerMayNotRetryIt() throws Exception {
        receiver.faults().refuseConnections();
        UUID report = newReport();
        UUID referral = id(propose(report, "A bicycle was taken from a school."));
        TestForces.enable(dataSource, FORCE, receiver.url(), org.haven.crypto.Hpke.generateKeyPair().publicKey());
        receiver.faults().acceptConnections();
        waitUntil(() -> "dead".equals(state(referral)), "dead after the key changed");
        assertEquals("force-key-changed", db.text("select last_error from referral where id = ?", referral));
        // The audit entry follows in its own transaction, right after the state is committed.
        waitUntil(() -> db.count("select count(*) from audit_entry where report_id = ? and action = 'REFERRAL_DEAD' "
                + "and actor = 'outbox'", report) == 1L, "the dead referral audited once");
        post("/casework/api/referrals/" + referral + "/retry", Map.of("force", FORCE)).then().statusCode(409);
        assertEquals(0, acceptedFor(referral).size());
    }

    private Map<String, Object> propose(UUID report, String account) {
        return post("/casework/api/reports/" + report + "/referrals", Map.of("draft", Map.of("force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", account),
                "location", Map.of("precision", "town", "description", "Canterbury"))))
                .then().statusCode(201).extract().as(Map.class);
    }

    private io.restassured.response.Response post(String path, Object body) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    private static UUID id(Map<String, Object> created) {
        return UUID.fromString((String) created.get("id"));
    }

    private List<AcceptedReferral> acceptedFor(UUID referral) {
        return receiver.accepted().stream().filter(a -> a.idempotencyKey().equals(referral.toString())).toList();
    }

    private String state(UUID referral) {
        try {
            return db.text("select state from referral where id = ?", referral);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int attempts(UUID referral) {
        try {
            String attempts = db.text("select attempts from referral_outbox where referral_id = ?", referral);
            return attempts == null ? -1 : Integer.parseInt(attempts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not within " + PATIENCE.toSeconds() + " s: " + what);
    }

    private UUID newReport() throws Exception {
        String token = TestReportsBridge.submit(demoKey, "delivery " + UUID.randomUUID());
        return UUID.fromString(db.text("select id::text from report where token_hash = ?",
                receiptTokens.hash(Base64Url.decode(token))));
    }
}
