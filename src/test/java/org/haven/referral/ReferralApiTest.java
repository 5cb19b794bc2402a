package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The firewall over HTTP: a referral reaches the outbox only with the reporter's consent, a valid document,
 * nothing the personal-data screen finds, and a force that can receive; everything else is refused with
 * what to fix, audited, and stores nothing.
 */
@QuarkusTest
class ReferralApiTest {

    /** This class's force; the endpoint refuses connections, so queued referrals just wait. */
    private static final String FORCE = "cumbria";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    private Db db;
    private Hpke.KeyPair forceKey;
    private StaffClient.Session session;
    private String username;

    @BeforeEach
    void setUp() throws Throwable {
        db = new Db(dataSource);
        forceKey = TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        username = staff.username();
        session = staff.signIn(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        TestForces.disable(dataSource, FORCE);
    }

    static Map<String, Object> draft(String account) {
        return Map.of(
                "force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", account,
                        "when", Map.of("kind", "approximate", "from", "2026-11-01")),
                "location", Map.of("precision", "area", "description", "Carlisle city centre"),
                "objects", Map.of("property", "A blue road bicycle."));
    }

    @Test
    void queuesAValidReferralSealedToTheForceAndAuditsItsHash() throws Exception {
        Reported report = newReport();
        JsonNode created = JSON.readTree(propose(report.id, draft("A bicycle was taken from outside a shop.")).then()
                .statusCode(201).body("state", equalTo("queued")).body("force", equalTo(FORCE))
                .extract().asString());
        UUID referral = UUID.fromString(created.get("id").asText());
        String reference = created.get("reference").asText();
        assertTrue(reference.matches("HVN-[0-9A-Z]{4}-[0-9A-Z]{4}"), reference);

        // The outbox holds only the envelope sealed to the force's key; the force's private key opens it.
        Envelope body = Envelope.parse(db.text("select body from referral_outbox where referral_id = ?", referral));
        assertEquals(org.haven.crypto.KeyIds.forceKey(forceKey.publicKey()), body.kid());
        byte[] plaintext = Envelopes.open(body, Purpose.REFERRAL, forceKey.privateKey());
        JsonNode document = JSON.readTree(plaintext);
        assertEquals(reference, document.get("reference").asText());
        assertEquals("haven.referral/1", document.get("schema").asText());
        assertEquals("Haven demo advocacy service", document.at("/from/organisation").asText());
        assertEquals(List.of(), org.haven.referral.document.ReferralSchema.check(document,
                org.haven.referral.document.ReferralSchema.today()));
        assertTrue(!new String(plaintext, StandardCharsets.UTF_8).contains(report.id.toString()), "no report id");

        // The audit entry names the exact bytes sent, and the caseworkers' copy opens with the intake key.
        String sha = HexFormat.of().formatHex(ReferralDocuments.sha256(plaintext));
        assertEquals(1L, db.count("select count(*) from audit_entry where report_id = ? and action = 'REFERRAL_SENT' "
                + "and actor = ? and detail = ?", report.id, username, "sha256:" + sha));
        Envelope copy = Envelope.parse(db.text("select staff_copy from referral where id = ?", referral));
        assertEquals(new String(plaintext, StandardCharsets.UTF_8), new String(Envelopes.open(copy, Purpose.NOTE,
                Base64Url.decode(demoKey.keyFile().privateKey())), StandardCharsets.UTF_8));

        given().cookie(StaffClient.COOKIE, session.cookie()).get("/casework/api/reports/" + report.id + "/referrals")
                .then().statusCode(200).body("[0].reference", equalTo(reference)).body("[0].state", equalTo("queued"));
    }

    @Test
    void blocksPersonalDataShowsWhereAndStoresNothing() throws Exception {
        Reported report = newReport();
        String account = "Call her on +44 7700 900123, she has no visa.";
        propose(report.id, draft(account)).then().statusCode(422).contentType("application/problem+json")
                .body("findings.path", hasItems("/event/account", "/event/account"))
                .body("findings.kind", hasItems("phone", "immigration-term"))
                .body("findings.find { it.kind == 'phone' }.start", equalTo(account.indexOf("+44")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("7700")));
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report.id));
        assertEquals("blocked:screen=immigration-term.phone", db.text("select detail from audit_entry where report_id = ? "
                + "and action = 'REFERRAL_BLOCKED'", report.id));
    }

    @Test
    void blocksBidiControlsAndZeroWidthCharactersThatPoliceWouldNotSee() throws Exception {
        Reported report = newReport();
        String account = "The man in the \u202Eteg ruoy ot\u202C shop took it.";
        Map<String, Object> draft = new java.util.HashMap<>(draft(account));
        draft.put("location", Map.of("precision", "area", "description", "Carlisle\u2066 city\u2069 cen\u200Btre"));
        propose(report.id, draft).then().statusCode(422).contentType("application/problem+json")
                .body("findings.kind", org.hamcrest.Matchers.everyItem(equalTo("hidden-character")))
                .body("findings.path", org.hamcrest.Matchers.contains("/event/account", "/event/account",
                        "/location/description", "/location/description", "/location/description"))
                .body("findings[0].start", equalTo(account.indexOf('\u202E')));
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report.id));
        assertEquals("blocked:screen=hidden-character", db.text("select detail from audit_entry where report_id = ? "
                + "and action = 'REFERRAL_BLOCKED'", report.id));
    }

    @Test
    void blocksWhatTheSchemaRefusesAndMembersThatAreNotTheCaseworkers() throws Exception {
        Reported report = newReport();
        Map<String, Object> draft = new java.util.HashMap<>(draft("A bicycle was taken."));
        draft.put("location", Map.of("precision", "exact", "description", "Carlisle"));
        draft.put("reporter", Map.of("language", "ar"));
        draft.put("reference", "HVN-0000-0000");
        propose(report.id, draft).then().statusCode(422)
                .body("violations.path", hasItems("/location/precision", "/reporter", "/reference"));
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report.id));
    }

    @Test
    void blocksWithoutTheReportersConsentAndForAForceThatCannotReceive() throws Exception {
        Reported report = newReport();
        given().contentType(ContentType.JSON).body(Map.of("token", report.token, "consent", "record"))
                .post("/api/mailbox/consent").then().statusCode(204);
        propose(report.id, draft("A bicycle was taken.")).then().statusCode(422).body("consentMissing", equalTo(true));

        Reported other = newReport();
        TestForces.disable(dataSource, FORCE);
        propose(other.id, draft("A bicycle was taken.")).then().statusCode(422)
                .body("consentMissing", equalTo(false)).body("forceProblem", equalTo("cannot-receive"));
        assertEquals(0L, db.count("select count(*) from referral where report_id in (?, ?)", report.id, other.id));
        assertEquals("blocked:consent", db.text("select detail from audit_entry where report_id = ? "
                + "and action = 'REFERRAL_BLOCKED'", report.id));
    }

    @Test
    void withdrawingConsentOrTheReportCancelsAPendingReferral() throws Exception {
        Reported report = newReport();
        UUID referral = UUID.fromString(propose(report.id, draft("A bicycle was taken.")).then().statusCode(201)
                .extract().path("id"));
        given().contentType(ContentType.JSON).body(Map.of("token", report.token, "consent", "talk"))
                .post("/api/mailbox/consent").then().statusCode(204);
        assertEquals("cancelled", db.text("select state from referral where id = ?", referral));
        assertEquals("consent-withdrawn", db.text("select last_error from referral where id = ?", referral));
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", referral));

        Reported withdrawn = newReport();
        UUID second = UUID.fromString(propose(withdrawn.id, draft("A bicycle was taken.")).then().statusCode(201)
                .extract().path("id"));
        given().contentType(ContentType.JSON).body(Map.of("token", withdrawn.token)).post("/api/mailbox/withdraw")
                .then().statusCode(204);
        assertEquals("cancelled", db.text("select state from referral where id = ?", second));
        assertEquals(null, db.text("select report_id from referral where id = ?", second));
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", second));
    }

    @Test
    void aCaseworkerCanCancelBeforeDeliveryButNotAfter() throws Exception {
        Reported report = newReport();
        String id = propose(report.id, draft("A bicycle was taken.")).then().statusCode(201).extract().path("id");
        post("/casework/api/referrals/" + id + "/cancel", Map.of()).then().statusCode(204);
        assertEquals("cancelled", db.text("select state from referral where id = ?", UUID.fromString(id)));
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", UUID.fromString(id)));
        post("/casework/api/referrals/" + id + "/cancel", Map.of()).then().statusCode(409);
        post("/casework/api/referrals/" + id + "/retry", Map.of("force", FORCE)).then().statusCode(409);
        post("/casework/api/referrals/" + UUID.randomUUID() + "/cancel", Map.of()).then().statusCode(404);
        assertEquals(1L, db.count("select count(*) from audit_entry where report_id = ? and action = 'REFERRAL_CANCELLED'",
                report.id));
    }

    @Test
    void refusesRequestsWithoutASessionOrCsrfToken() throws Exception {
        Reported report = newReport();
        given().contentType(ContentType.JSON).body(Map.of("draft", draft("x")))
                .post("/casework/api/reports/" + report.id + "/referrals").then().statusCode(org.hamcrest.Matchers.anyOf(
                        equalTo(401), equalTo(403)));
        given().cookie(StaffClient.COOKIE, session.cookie()).contentType(ContentType.JSON).body(Map.of("draft", draft("x")))
                .post("/casework/api/reports/" + report.id + "/referrals").then().statusCode(403);
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report.id));
    }

    private Response propose(UUID report, Map<String, Object> draft) {
        return post("/casework/api/reports/" + report + "/referrals", Map.of("draft", draft));
    }

    private Response post(String path, Object body) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    record Reported(UUID id, String token) {
    }

    private Reported newReport() throws Exception {
        String token = TestReportsBridge.submit(demoKey, "referral api " + UUID.randomUUID());
        String id = db.text("select id::text from report where token_hash = ?", receiptTokens.hash(Base64Url.decode(token)));
        return new Reported(UUID.fromString(id), token);
    }
}
