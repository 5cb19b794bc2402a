package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.haven.intake.attachment.PhotoCleaner;
import org.haven.referral.receiver.AcceptedReferral;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.ForceSealedFiles;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Referrals with files (docs/referral.md section 7), end to end with no mocks: files sealed to the force's key
 * as the caseworker's browser seals them (here with Haven's Java sealer) are uploaded through the staff API,
 * proposed with a draft, delivered by the outbox in one signed request with the document, and opened by Haven's
 * reference receiver with the force's private key.
 */
@QuarkusTest
class ReferralFilesDeliveryTest {

    private static final String FORCE = "surrey";
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

    @Inject
    ReferralFiles files;

    private Db db;
    private ReferenceReceiver receiver;
    private StaffClient.Session session;
    private byte[] photo;

    @BeforeEach
    void setUp() throws Throwable {
        db = new Db(dataSource);
        Path directory = Path.of("target", "haven-test", "receiver-" + UUID.randomUUID());
        Files.createDirectories(directory);
        receiver = new ReferenceReceiver(directory, signingKey.pair().publicKey()).start(0);
        TestForces.enable(dataSource, FORCE, receiver.url(), receiver.forceKey().publicKey());
        session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        photo = PhotoCleaner.clean(SamplePhotos.jpegWithGps(640, 480, 6)).bytes();
    }

    @AfterEach
    void tearDown() throws Exception {
        TestForces.disable(dataSource, FORCE);
        receiver.close();
    }

    @Test
    void deliversACleanedPhotoWithItsReferralAndTheForceOpensTheSameBytes() throws Exception {
        UUID report = newReport();
        UUID file = upload(report, 1, photo);
        Map<String, Object> created = propose(report, "Two bicycles were taken from a locked shed.", List.of(file))
                .then().statusCode(201).extract().as(Map.class);
        UUID referral = UUID.fromString((String) created.get("id"));
        waitUntil(() -> "delivered".equals(state(referral)), "referral delivered");

        AcceptedReferral accepted = acceptedFor(referral).get(0);
        assertEquals(List.of(accepted.file().resolveSibling(accepted.reference() + "-evidence-1.jpg")), accepted.evidence());
        assertArrayEquals(photo, Files.readAllBytes(accepted.evidence().get(0)));
        JsonNode document = JSON.readTree(accepted.file().toFile());
        assertEquals(file.toString(), document.at("/evidence/0/file").asText());
        assertEquals("image/jpeg", document.at("/evidence/0/type").asText());

        // The caseworkers' copy is the same document, evidence included; the audit names the file by hash.
        JsonNode copy = JSON.readTree(Envelopes.open(Envelope.parse((String) created.get("copy")), Purpose.NOTE,
                Base64Url.decode(demoKey.keyFile().privateKey())));
        assertEquals(document, copy);
        String sha256 = document.at("/evidence/0/sha256").asText();
        assertTrue(db.text("select detail from audit_entry where report_id = ? and action = 'REFERRAL_SENT'", report)
                .endsWith(",files=" + sha256.substring(0, 16)));
        // Delivered: the force has the files, so Haven keeps no copy sealed to its key.
        waitUntil(() -> db.count("select count(*) from referral_file where id = ?", file) == 0L, "files deleted");
        assertEquals(0L, db.count("select count(*) from referral_file_chunk where file_id = ?", file));
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameKeyAndBodyAndTheForceKeepsOneCopy() throws Exception {
        // The receiver records the referral and its file, then answers 500 as if the answer were lost.
        receiver.faults().loseNextAnswers(1, 500);
        UUID report = newReport();
        UUID referral = id(propose(report, "A bicycle was taken from a garage.", List.of(upload(report, 1, photo))));
        waitUntil(() -> "delivered".equals(state(referral)), "delivered after the lost answer");
        assertTrue(receiver.requestCount() >= 2, "the lost answer was followed by a retry");
        List<AcceptedReferral> accepted = acceptedFor(referral);
        assertEquals(1, accepted.size());
        assertEquals(1, accepted.get(0).evidence().size());
        try (var files = Files.list(accepted.get(0).file().getParent())) {
            assertEquals(1L, files.filter(f -> f.getFileName().toString().contains("-evidence-")).count());
        }
    }

    @Test
    void aFileChangedAtRestIsRefusedByTheForceAndNothingIsAccepted() throws Exception {
        receiver.faults().refuseConnections();
        UUID report = newReport();
        UUID file = upload(report, 1, photo);
        UUID referral = id(propose(report, "A bicycle was taken from a station.", List.of(file)));
        assertEquals(1, db.execute("update referral_file_chunk set body = set_byte(body, 100, get_byte(body, 100) # 1) "
                + "where file_id = ? and chunk_index = 1", file));
        receiver.faults().acceptConnections();
        waitUntil(() -> "http-400".equals(db.text("select last_error from referral where id = ?", referral)),
                "the force refused the changed file");
        assertEquals("queued", state(referral));
        assertEquals(List.of(), acceptedFor(referral));
    }

    @Test
    void theFirewallStillBlocksPersonalDataInTheTextWithAFileAttached() throws Exception {
        UUID report = newReport();
        UUID file = upload(report, 1, photo);
        Response blocked = propose(report, "Call her on 07700 900123 about the bicycle.", List.of(file));
        blocked.then().statusCode(422);
        assertEquals("/event/account", blocked.jsonPath().getString("findings[0].path"));
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report));
        assertEquals(1L, db.count("select count(*) from referral_file where id = ? and referral_id is null", file),
                "the file waits, unbound, for a corrected draft");

        // Corrected, the same file goes.
        propose(report, "A bicycle was taken from outside the library.", List.of(file)).then().statusCode(201);
    }

    @Test
    void withdrawnConsentCancelsTheReferralAndItsFilesGoWithIt() throws Exception {
        receiver.faults().refuseConnections();
        String token = TestReportsBridge.submit(demoKey, "files " + UUID.randomUUID());
        UUID report = reportOf(token);
        UUID file = upload(report, 1, photo);
        UUID referral = id(propose(report, "A scooter was taken from a garden.", List.of(file)));
        assertEquals(1L, db.count("select count(*) from referral_file where referral_id = ?", referral));

        // The reporter, with their receipt, changes their mind.
        given().contentType(ContentType.JSON).body(Map.of("token", token, "consent", "record"))
                .post("/api/mailbox/consent").then().statusCode(204);
        assertEquals("cancelled", state(referral));
        assertEquals(0L, db.count("select count(*) from referral_file where id = ?", file));
        assertEquals(0L, db.count("select count(*) from referral_file_chunk where file_id = ?", file));
    }

    @Test
    void aDeletedReportTakesItsUnsentFilesWithIt() throws Exception {
        UUID report = newReport();
        UUID file = upload(report, 1, photo);
        db.execute("delete from report where id = ?", report);
        assertEquals(0L, db.count("select count(*) from referral_file where id = ?", file));
        assertEquals(0L, db.count("select count(*) from referral_file_chunk where file_id = ?", file));
    }

    @Test
    void uploadsNeverProposedGoAfterADayAndThoseInAReferralStay() throws Exception {
        receiver.faults().refuseConnections();
        UUID report = newReport();
        UUID stale = upload(report, 1, photo);
        UUID fresh = upload(report, 1, photo);
        UUID proposed = upload(report, 1, photo);
        id(propose(report, "A bicycle was taken from a shed.", List.of(proposed)));
        db.execute("update referral_file set created_hour = date_trunc('hour', now()) - interval '26 hours' "
                + "where id = any(?)", (Object) new UUID[] {stale, proposed});
        files.purgeUnbound().await().atMost(Duration.ofSeconds(10));
        assertEquals(0L, db.count("select count(*) from referral_file where id = ?", stale));
        assertEquals(0L, db.count("select count(*) from referral_file_chunk where file_id = ?", stale));
        assertEquals(1L, db.count("select count(*) from referral_file where id = ?", fresh));
        assertEquals(1L, db.count("select count(*) from referral_file where id = ?", proposed));
    }

    @Test
    void refusesFilesOfAnotherReportOrSealedToAnotherKeyOrIncompleteAndQueuesNothing() throws Exception {
        UUID report = newReport();
        UUID elsewhere = upload(newReport(), 1, photo);
        propose(report, "A bicycle was taken.", List.of(elsewhere)).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("file-not-found"));

        // Sealed to a key this force had before: the force could not open it.
        Hpke.KeyPair old = Hpke.generateKeyPair();
        TestForces.enable(dataSource, FORCE, receiver.url(), old.publicKey());
        UUID stale = upload(report, 1, photo, KeyIds.forceKey(old.publicKey()), old.publicKey());
        TestForces.enable(dataSource, FORCE, receiver.url(), receiver.forceKey().publicKey());
        propose(report, "A bicycle was taken.", List.of(stale)).then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("file-key-mismatch"));

        AttachmentSealer sealer = AttachmentSealer.to(receiver.forceKey().kid(), receiver.forceKey().publicKey());
        UUID incomplete = new TestReferralFiles(session).create(report, sealer, AttachmentFormat.chunkCount(photo.length));
        propose(report, "A bicycle was taken.", List.of(incomplete)).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("file-incomplete"));
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report));
    }

    @Test
    void aFiveMegabyteFileArrivesWhole() throws Exception {
        byte[] large = ForceSealedFiles.jpegLike(5 * 1024 * 1024);
        UUID report = newReport();
        long start = System.nanoTime();
        UUID file = upload(report, 1, large);
        long uploaded = System.nanoTime();
        UUID referral = id(propose(report, "A car was damaged in a car park.", List.of(file)));
        long proposed = System.nanoTime();
        waitUntil(() -> "delivered".equals(state(referral)), "delivered");
        long delivered = System.nanoTime();
        assertArrayEquals(large, Files.readAllBytes(acceptedFor(referral).get(0).evidence().get(0)));
        System.out.printf("5 MiB file: upload %d ms, propose %d ms, proposal to delivered %d ms%n",
                (uploaded - start) / 1_000_000, (proposed - uploaded) / 1_000_000, (delivered - proposed) / 1_000_000);
    }

    /** Seals {@code content} as the report's k-th referral file to this force's key and uploads it. */
    private UUID upload(UUID report, int k, byte[] content) {
        return upload(report, k, content, receiver.forceKey().kid(), receiver.forceKey().publicKey());
    }

    private UUID upload(UUID report, int k, byte[] content, String kid, byte[] publicKey) {
        return new TestReferralFiles(session).upload(report, k, content, kid, publicKey);
    }

    private Response propose(UUID report, String account, List<UUID> files) {
        return post("/casework/api/reports/" + report + "/referrals", Map.of("draft", Map.of("force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", account),
                "location", Map.of("precision", "town", "description", "Guildford")),
                "files", files.stream().map(f -> Map.of("id", f.toString(), "type", "image/jpeg")).toList()));
    }

    private Response post(String path, Object body) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    private static UUID id(Response created) {
        return UUID.fromString(created.then().statusCode(201).extract().path("id"));
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

    private static void waitUntil(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Not within " + PATIENCE.toSeconds() + " s: " + what);
    }

    private UUID newReport() throws Exception {
        return reportOf(TestReportsBridge.submit(demoKey, "files " + UUID.randomUUID()));
    }

    private UUID reportOf(String token) throws Exception {
        return UUID.fromString(db.text("select id::text from report where token_hash = ?",
                receiptTokens.hash(Base64Url.decode(token))));
    }
}
