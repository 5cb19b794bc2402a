package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.TestReportsBridge;
import org.junit.jupiter.api.Test;

/** A caseworker's actions on one report over the API: workflow, replies, audit, and the refusals. */
@QuarkusTest
class CaseApiTest {

    private static final String COOKIE = StaffClient.COOKIE;

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    org.haven.intake.ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void statusAssignmentAndClosingAreRecordedAndAudited() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        UUID report = newReport();

        post(session, "/casework/api/reports/" + report + "/status", Map.of("status", "in_review")).then().statusCode(204);
        post(session, "/casework/api/reports/" + report + "/assign", Map.of("toMe", true)).then().statusCode(204);
        assertEquals("in_review", column(report, "status"));
        assertEquals(1L, count("select count(*) from report r join staff_account a on a.id = r.assigned_to "
                + "where r.id = ? and a.username = '" + staff.username() + "'", report));

        post(session, "/casework/api/reports/" + report + "/status", Map.of("status", "closed")).then().statusCode(204);
        LocalDate expires = LocalDate.parse(column(report, "expires_on"));
        assertTrue(!expires.isAfter(LocalDate.now().plusDays(90)), "closed reports are kept at most 90 days");

        assertEquals(3L, count("select count(*) from audit_entry where report_id = ? and actor = '" + staff.username()
                + "' and action in ('STATUS_CHANGE', 'ASSIGN')", report));
        post(session, "/casework/api/reports/" + report + "/status", Map.of("status", "lost")).then().statusCode(400);
        post(session, "/casework/api/reports/" + UUID.randomUUID() + "/status", Map.of("status", "closed"))
                .then().statusCode(404).contentType("application/problem+json");
        given().cookie(COOKIE, session.cookie()).contentType(ContentType.JSON).body("{\"status\":\"closed\"}")
                .post("/casework/api/reports/" + report + "/status").then().statusCode(403);
    }

    @Test
    void repliesAreStoredSealedAndTheReportWaitsForTheReporter() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        UUID report = newReport();
        Hpke.KeyPair someone = Hpke.generateKeyPair();
        String secret = "reply text canary-" + UUID.randomUUID();
        Map<String, Object> body = Map.of(
                "toReporter", parse(Envelopes.seal(Purpose.REPLY, "mailbox", someone.publicKey(),
                        secret.getBytes(StandardCharsets.UTF_8)).toJson()),
                "copy", parse(Envelopes.seal(Purpose.REPLY, "staff", someone.publicKey(),
                        secret.getBytes(StandardCharsets.UTF_8)).toJson()));
        post(session, "/casework/api/reports/" + report + "/messages", body).then().statusCode(201);
        assertEquals("waiting", column(report, "status"));
        given().cookie(COOKIE, session.cookie()).get("/casework/api/reports/" + report + "/messages").then()
                .statusCode(200).body("[0].sender", org.hamcrest.Matchers.equalTo("caseworker"))
                .body(org.hamcrest.Matchers.not(containsString(secret)));
        post(session, "/casework/api/reports/" + report + "/messages", Map.of("toReporter", Map.of("v", 1), "copy", Map.of()))
                .then().statusCode(400);
        assertEquals(1L, count("select count(*) from audit_entry where report_id = ? and action = 'MESSAGE'", report));
    }

    @Test
    void notesAreSealedAndDeletingAReportTakesMessagesAndNotesWithIt() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        UUID report = newReport();
        byte[] intakePublic = org.haven.crypto.Base64Url.decode(demoKey.keyFile().publicKey());
        String secret = "note canary-" + UUID.randomUUID();
        Map<String, Object> note = Map.of("envelope", parse(Envelopes.seal(Purpose.NOTE, demoKey.keyFile().kid(),
                intakePublic, secret.getBytes(StandardCharsets.UTF_8)).toJson()), "outcome", true);
        post(session, "/casework/api/reports/" + report + "/notes", note).then().statusCode(201);
        given().cookie(COOKIE, session.cookie()).get("/casework/api/reports/" + report + "/notes").then()
                .statusCode(200).body("[0].author", org.hamcrest.Matchers.equalTo(staff.username()))
                .body(org.hamcrest.Matchers.not(containsString(secret)));
        assertEquals(1L, count("select count(*) from audit_entry where report_id = ? and action = 'OUTCOME'", report));

        post(session, "/casework/api/reports/" + report + "/delete", Map.of()).then().statusCode(204);
        assertEquals(0L, count("select count(*) from report where id = ?", report));
        assertEquals(0L, count("select count(*) from case_note where report_id = ?", report));
        assertEquals(1L, count("select count(*) from audit_entry where report_id = ? and action = 'DELETE_REPORT'", report));
        post(session, "/casework/api/reports/" + report + "/delete", Map.of()).then().statusCode(404);
    }

    @Test
    void adminsSeeTheAuditChainVerifiedAndTamperingShows() throws Throwable {
        TestStaff admin = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session session = admin.signIn(0);
        given().cookie(COOKIE, session.cookie()).get("/casework/admin/audit").then().statusCode(200)
                .body(containsString("data-chain=\"intact\"")).body(containsString("SIGN_IN"));

        TestStaff caseworker = TestStaff.create(auth, dataSource, "caseworker");
        given().cookie(COOKIE, caseworker.signIn(0).cookie()).get("/casework/admin/audit").then().statusCode(403);

        long seq;
        String actor;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select seq, actor from audit_entry order by seq desc limit 1")) {
            try (ResultSet r = s.executeQuery()) {
                r.next();
                seq = r.getLong(1);
                actor = r.getString(2);
            }
        }
        try {
            execute("update audit_entry set actor = 'someone-else' where seq = " + seq);
            given().cookie(COOKIE, session.cookie()).get("/casework/admin/audit").then().statusCode(200)
                    .body(containsString("data-chain=\"broken\""));
        } finally {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "update audit_entry set actor = ? where seq = ?")) {
                s.setString(1, actor);
                s.setLong(2, seq);
                s.executeUpdate();
            }
        }
        given().cookie(COOKIE, session.cookie()).get("/casework/admin/audit").then().statusCode(200)
                .body(containsString("data-chain=\"intact\""));
    }

    private UUID newReport() throws Exception {
        String token = TestReportsBridge.submit(demoKey, "case api " + UUID.randomUUID());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id from report where token_hash = ?")) {
            s.setBytes(1, receiptTokens.hash(org.haven.crypto.Base64Url.decode(token)));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return (UUID) r.getObject(1);
            }
        }
    }

    private static io.restassured.response.Response post(StaffClient.Session session, String path, Object body) {
        return given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String column(UUID report, String column) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select " + column + "::text from report where id = ?")) {
            s.setObject(1, report);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private long count(String sql, UUID report) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, report);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
