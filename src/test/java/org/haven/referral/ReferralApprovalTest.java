package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
import org.haven.crypto.KeyIds;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.haven.testing.ForceSealedFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With approval required, a proposal waits outside the outbox until a second caseworker approves exactly the
 * document proposed; the firewall runs again at approval.
 */
@QuarkusTest
@TestProfile(ApprovalRequired.class)
class ReferralApprovalTest {

    private static final String FORCE = "cleveland";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void tearDown() throws Exception {
        TestForces.disable(dataSource, FORCE);
    }

    @Test
    void aSecondCaseworkerApprovesExactlyWhatWasProposed() throws Throwable {
        Db db = new Db(dataSource);
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        TestStaff proposer = TestStaff.create(auth, dataSource, "caseworker");
        TestStaff approver = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session first = proposer.signIn(0);
        StaffClient.Session second = approver.signIn(0);
        UUID report = newReport(db);

        Map<String, Object> draft = Map.of("force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", "A bicycle was taken from a rack."),
                "location", Map.of("precision", "town", "description", "Middlesbrough"));
        String id = post(first, "/casework/api/reports/" + report + "/referrals", Map.of("draft", draft)).then()
                .statusCode(201).body("state", equalTo("awaiting_approval")).extract().path("id");
        UUID referral = UUID.fromString(id);
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", referral));
        assertEquals(1L, db.count("select count(*) from audit_entry where report_id = ? and action = 'REFERRAL_PROPOSED'", report));

        // What the approver's browser opens: the caseworkers' copy, sealed to the intake key.
        String copy = given().cookie(StaffClient.COOKIE, second.cookie()).get("/casework/api/reports/" + report + "/referrals")
                .then().statusCode(200).extract().path("[0].copy");
        ObjectNode document = (ObjectNode) JSON.readTree(Envelopes.open(Envelope.parse(copy), Purpose.NOTE,
                Base64Url.decode(demoKey.keyFile().privateKey())));

        post(first, "/casework/api/referrals/" + id + "/approve", Map.of("document", document)).then().statusCode(403);
        ObjectNode changed = document.deepCopy();
        ((ObjectNode) changed.get("event")).put("account", "Something else entirely.");
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", changed)).then().statusCode(409);
        assertEquals("awaiting_approval", db.text("select state from referral where id = ?", referral));

        // Member order does not matter: the hash is over canonical bytes.
        ObjectNode reordered = JSON.createObjectNode();
        java.util.List<String> names = new java.util.ArrayList<>();
        document.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(name -> reordered.set(name, document.get(name)));
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", reordered)).then()
                .statusCode(201).body("state", equalTo("queued")).body("approvedBy", equalTo(approver.username()));
        assertEquals(1L, db.count("select count(*) from referral_outbox where referral_id = ?", referral));
        assertEquals(1L, db.count("select count(*) from audit_entry where report_id = ? and action = 'REFERRAL_SENT' "
                + "and actor = ?", report, approver.username()));
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", document)).then().statusCode(409);
    }

    @Test
    void approvalRunsTheFirewallAgain() throws Throwable {
        Db db = new Db(dataSource);
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        StaffClient.Session first = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        StaffClient.Session second = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        UUID report = newReport(db);
        Map<String, Object> draft = Map.of("force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", "A bicycle was taken from a rack."),
                "location", Map.of("precision", "force"));
        String id = post(first, "/casework/api/reports/" + report + "/referrals", Map.of("draft", draft)).then()
                .statusCode(201).extract().path("id");
        String copy = given().cookie(StaffClient.COOKIE, second.cookie()).get("/casework/api/reports/" + report + "/referrals")
                .then().extract().path("[0].copy");
        JsonNode document = JSON.readTree(Envelopes.open(Envelope.parse(copy), Purpose.NOTE,
                Base64Url.decode(demoKey.keyFile().privateKey())));
        TestForces.disable(dataSource, FORCE);
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", document)).then().statusCode(422)
                .body("forceProblem", equalTo("cannot-receive"));
        assertEquals("awaiting_approval", db.text("select state from referral where id = ?", UUID.fromString(id)));
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", UUID.fromString(id)));
    }

    @Test
    void approvalCoversTheFilesByHashAndRefusesFilesTheForceCanNoLongerOpen() throws Throwable {
        Db db = new Db(dataSource);
        Hpke.KeyPair force = TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        StaffClient.Session first = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        StaffClient.Session second = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        UUID report = newReport(db);
        byte[] photo = ForceSealedFiles.jpegLike(300_000);
        UUID file = new TestReferralFiles(first).upload(report, 1, photo, KeyIds.forceKey(force.publicKey()),
                force.publicKey());
        Map<String, Object> draft = Map.of("force", FORCE,
                "event", Map.of("category", "bicycle-theft", "account", "A bicycle was taken from a yard."),
                "location", Map.of("precision", "force"));
        String id = post(first, "/casework/api/reports/" + report + "/referrals", Map.of("draft", draft,
                "files", List.of(Map.of("id", file.toString(), "type", "image/jpeg")))).then()
                .statusCode(201).body("state", equalTo("awaiting_approval")).extract().path("id");
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", UUID.fromString(id)));

        String copy = given().cookie(StaffClient.COOKIE, second.cookie()).get("/casework/api/reports/" + report + "/referrals")
                .then().extract().path("[0].copy");
        ObjectNode document = (ObjectNode) JSON.readTree(Envelopes.open(Envelope.parse(copy), Purpose.NOTE,
                Base64Url.decode(demoKey.keyFile().privateKey())));
        String sha256 = document.at("/evidence/0/sha256").asText();
        assertEquals(sha256, db.text("select encode(sha256, 'hex') from referral_file where id = ?", file));
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(ReferralDocuments.sha256(
                ReferralDocuments.canonicalBytes(document))) + ",files=" + sha256.substring(0, 16),
                db.text("select detail from audit_entry where report_id = ? and action = 'REFERRAL_PROPOSED'", report));

        // Another file's hash is another document: not what was proposed.
        ObjectNode otherFile = document.deepCopy();
        ((ObjectNode) otherFile.at("/evidence/0")).put("sha256", "0".repeat(64));
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", otherFile)).then().statusCode(409);

        // The force replaced its key since the files were sealed: approving would send files it cannot open.
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals", Hpke.generateKeyPair().publicKey());
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", document)).then().statusCode(409);
        assertEquals(0L, db.count("select count(*) from referral_outbox where referral_id = ?", UUID.fromString(id)));

        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals", force.publicKey());
        post(second, "/casework/api/referrals/" + id + "/approve", Map.of("document", document)).then()
                .statusCode(201).body("state", equalTo("queued"));
        assertEquals(1L, db.count("select count(*) from referral_outbox where referral_id = ?", UUID.fromString(id)));
        assertEquals(1L, db.count("select count(*) from referral_file where referral_id = ?", UUID.fromString(id)));
    }

    private static Response post(StaffClient.Session session, String path, Object body) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    private UUID newReport(Db db) throws Exception {
        String token = TestReportsBridge.submit(demoKey, "approval " + UUID.randomUUID());
        return UUID.fromString(db.text("select id::text from report where token_hash = ?",
                receiptTokens.hash(Base64Url.decode(token))));
    }
}
