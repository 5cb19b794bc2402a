package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.junit.jupiter.api.Test;

/** Binding uploads to a report or mailbox message in the same transaction (docs/attachments.md section 8). */
@QuarkusTest
class AttachmentBindingTest {

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void chunksUploadedOutOfOrderAreBoundToTheReportInTheOrderNamed() throws Exception {
        TestAttachments.Upload first = upload(700_000);
        TestAttachments.Upload second = upload(10);
        for (int i = first.chunks().size() - 1; i >= 0; i--) {
            first.put(i).then().statusCode(204);
        }
        second.put(1).then().statusCode(204);
        second.put(0).then().statusCode(204);
        TestReports.Sealed report = report(second, first);
        send(report).then().statusCode(201);
        UUID reportId = reportOf(report.token());
        assertEquals(List.of(second.id() + "@0", first.id() + "@1"), bound(reportId));
        first.status().then().body("bound", equalTo(true));
        first.put(1).then().statusCode(409).body("code", equalTo("already-bound"));
        given().header(TestAttachments.TOKEN_HEADER, first.token()).delete("/api/attachments/" + first.id())
                .then().statusCode(409).body("code", equalTo("already-bound"));
        // A resend after a lost answer stores nothing new and binds nothing new.
        send(report).then().statusCode(200).body("status", equalTo("already-stored"));
    }

    @Test
    void truncatedUploadIsRefusedAtBindingAndNothingIsStoredUntilItIsComplete() throws Exception {
        TestAttachments.Upload complete = upload(10).putAll();
        TestAttachments.Upload truncated = upload(700_000);
        for (int i = 0; i < truncated.chunks().size() - 1; i++) {
            truncated.put(i).then().statusCode(204);
        }
        TestReports.Sealed report = report(complete, truncated);
        send(report).then().statusCode(422).body("code", equalTo("attachment-incomplete"))
                .body("attachment", equalTo(truncated.id().toString()));
        post("/api/mailbox", TestReports.tokenBody(report.token())).then().statusCode(404);
        assertEquals(List.of(), bound(complete.id(), truncated.id()));

        truncated.status().then().body("missing", equalTo(List.of(3)));
        truncated.put(3).then().statusCode(204);
        send(report).then().statusCode(201);
        assertEquals(2, bound(reportOf(report.token())).size());
    }

    @Test
    void refusesUnknownAlreadyBoundOrWronglyKeyedUploads() throws Exception {
        TestAttachments.Upload upload = upload(10).putAll();
        Map<String, String> wrongToken = Map.of("id", upload.id().toString(), "token", Base64Url.encode(new byte[32]));
        send(report(List.of(wrongToken))).then().statusCode(422).body("code", equalTo("attachment-not-found"))
                .body("attachment", equalTo(upload.id().toString()));
        send(report(List.of(Map.of("id", UUID.randomUUID().toString(), "token", upload.token())))).then()
                .statusCode(422).body("code", equalTo("attachment-not-found"));
        send(report(List.of(upload.claim(), upload.claim()))).then().statusCode(400).body("code", equalTo("bad-request"));
        send(report(List.of(Map.of("id", "x", "token", upload.token())))).then().statusCode(400);

        send(report(List.of(upload.claim()))).then().statusCode(201);
        send(report(List.of(upload.claim()))).then().statusCode(409).body("code", equalTo("attachment-bound"));

        // A report sealed to an older intake key cannot carry a file sealed to the current one.
        Hpke.KeyPair old = Hpke.generateKeyPair();
        String oldKid = "old-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into intake_key (kid, public_key, created_at, active) values (?, ?, ?, false)")) {
            s.setString(1, oldKid);
            s.setBytes(2, old.publicKey());
            s.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            s.executeUpdate();
        }
        TestAttachments.Upload current = upload(10).putAll();
        TestReports.Sealed toOldKey = TestReports.sealed(oldKid, old.publicKey(), "old key", "record",
                TestReports.submissionKey()).with("attachments", List.of(current.claim()));
        send(toOldKey).then().statusCode(422).body("code", equalTo("attachment-key-mismatch"));
    }

    @Test
    void refusesTooManyFilesOrTooManyBytesTogether() {
        List<Map<String, String>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(Map.of("id", UUID.randomUUID().toString(), "token", Base64Url.encode(AttachmentApiTest.bytes(32, i))));
        }
        send(report(eleven)).then().statusCode(413).body("code", equalTo("too-many-attachments"));

        // Three files of 25 MiB each pass the per-file limit but not the 60 MiB for one report.
        String kid = demoKey.keyFile().kid();
        List<Map<String, String>> large = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var created = TestAttachments.createRequest(kid, Hpke.generateKeyPair().publicKey(), 101).then()
                    .statusCode(201).extract().jsonPath();
            large.add(Map.of("id", created.getString("id"), "token", created.getString("token")));
        }
        send(report(large)).then().statusCode(413).body("code", equalTo("attachments-too-large"));
        send(report(large.subList(0, 2))).then().statusCode(422).body("code", equalTo("attachment-incomplete"));
    }

    @Test
    void filesSentWithAMailboxMessageAreBoundToTheMessageAndItsReport() throws Exception {
        TestReports.Sealed report = report(List.of());
        send(report).then().statusCode(201);
        UUID reportId = reportOf(report.token());
        TestAttachments.Upload upload = upload(300_000).putAll();
        TestAttachments.Upload incomplete = upload(10);

        Map<String, Object> message = message(report.token(), List.of(incomplete.claim()));
        post("/api/mailbox/messages", message).then().statusCode(422).body("code", equalTo("attachment-incomplete"));
        assertEquals(0L, count("select count(*) from mailbox_message where report_id = ?", reportId));

        post("/api/mailbox/messages", message(report.token(), List.of(upload.claim()))).then().statusCode(201);
        assertEquals(1L, count("select count(*) from attachment a join mailbox_message m on m.id = a.message_id "
                + "where a.report_id = m.report_id and m.report_id = ?", reportId));
        post("/api/mailbox/messages", message(report.token(), List.of())).then().statusCode(201);
        assertEquals(2L, count("select count(*) from mailbox_message where report_id = ?", reportId));
    }

    private TestAttachments.Upload upload(int size) {
        return TestAttachments.create(demoKey.keyFile(), "evidence.jpg", "image/jpeg", AttachmentApiTest.bytes(size, size));
    }

    private TestReports.Sealed report(TestAttachments.Upload... uploads) {
        return report(java.util.Arrays.stream(uploads).map(TestAttachments.Upload::claim).toList());
    }

    private TestReports.Sealed report(List<Map<String, String>> claims) {
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), "with files " + UUID.randomUUID(), "record");
        return claims.isEmpty() ? sealed : sealed.with("attachments", claims);
    }

    private Map<String, Object> message(String token, List<Map<String, String>> claims) {
        return TestAttachments.message(demoKey.keyFile(), token, claims);
    }

    private static Response send(TestReports.Sealed report) {
        return post("/api/reports", report.body());
    }

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(TestReports.json(body)).post(path);
    }

    @Inject
    ReceiptTokens receiptTokens;

    private UUID reportOf(String token) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from report where token_hash = ?")) {
            s.setBytes(1, receiptTokens.hash(Base64Url.decode(token)));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return (UUID) r.getObject(1);
            }
        }
    }

    private List<String> bound(UUID reportId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id, position from attachment where report_id = ? order by position")) {
            s.setObject(1, reportId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getObject(1) + "@" + r.getInt(2));
                }
            }
        }
        return out;
    }

    private List<String> bound(UUID first, UUID second) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id from attachment where id in (?, ?) and report_id is not null")) {
            s.setObject(1, first);
            s.setObject(2, second);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
