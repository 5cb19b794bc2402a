package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentOpener;
import org.haven.crypto.Base64Url;
import org.haven.crypto.DecryptionException;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestAttachments;
import org.haven.intake.TestReports;
import org.haven.referral.Db;
import org.junit.jupiter.api.Test;

/** A caseworker's read-only view of a case's attachments (docs/attachments.md section 9), opened as the browser will. */
@QuarkusTest
class CaseAttachmentApiTest {

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    org.haven.casework.audit.AuditLog auditLog;

    @Test
    void listsTheCasesFilesAndServesChunksThatOpenWithTheIntakeKey() throws Throwable {
        byte[] photo = random(600_000, 1);
        byte[] note = random(5, 2);
        TestAttachments.Upload first = upload("injury.jpg", "image/jpeg", photo);
        TestAttachments.Upload second = upload("threat.txt", "text/plain", note);
        String token = send(first, second);
        UUID report = reportOf(token);
        TestAttachments.Upload later = upload("later.pdf", "application/pdf", random(10, 3)).putAll();
        given().contentType(ContentType.JSON).body(TestReports.json(TestAttachments.message(demoKey.keyFile(), token,
                List.of(later.claim())))).post("/api/mailbox/messages").then().statusCode(201);

        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        List<Map<String, Object>> listed = get(session, "/casework/api/reports/" + report + "/attachments")
                .then().statusCode(200).body("[0].message", nullValue()).body("[0].position", equalTo(0))
                .body("[2].position", equalTo(0)).extract().jsonPath().getList("");
        assertEquals(List.of(first.id().toString(), second.id().toString(), later.id().toString()),
                listed.stream().map(item -> item.get("id")).toList());
        assertEquals(3, listed.size());
        assertEquals(4, listed.get(0).get("chunks"));
        assertEquals(Base64Url.encode(first.enc()), listed.get(0).get("enc"));
        assertEquals(demoKey.keyFile().kid(), listed.get(0).get("kid"));

        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        AttachmentHeader header = opener(listed.get(0)).open(index -> chunk(session, report, first.id(), index), opened);
        assertArrayEquals(photo, opened.toByteArray());
        assertEquals(new AttachmentHeader("injury.jpg", "image/jpeg", photo.length, true), header);
        get(session, "/casework/api/reports/" + report + "/attachments/" + first.id() + "/chunks/1").then()
                .statusCode(200).contentType("application/octet-stream").header("Cache-Control", "no-store");
    }

    @Test
    void aChunkFromAnotherReportsAttachmentIsServedButDoesNotOpen() throws Throwable {
        TestAttachments.Upload theirs = upload("theirs.jpg", "image/jpeg", random(300_000, 4)).putAll();
        send(theirs);
        TestAttachments.Upload mine = upload("mine.jpg", "image/jpeg", random(300_000, 5));
        // The server cannot tell the chunks apart: same size, both ciphertext.
        mine.put(0).then().statusCode(204);
        mine.put(1, theirs.chunks().get(1)).then().statusCode(204);
        mine.put(2).then().statusCode(204);
        UUID report = reportOf(send(mine));

        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        Map<String, Object> listed = get(session, "/casework/api/reports/" + report + "/attachments").then()
                .statusCode(200).extract().jsonPath().getMap("[0]");
        byte[] served = chunk(session, report, mine.id(), 1);
        assertArrayEquals(theirs.chunks().get(1), served);
        AttachmentOpener opener = opener(listed);
        opener.openHeader(chunk(session, report, mine.id(), 0));
        assertThrows(DecryptionException.class, () -> opener.openChunk(1, served));
        assertThrows(DecryptionException.class, () -> opener(listed).open(
                index -> chunk(session, report, mine.id(), index), OutputStream.nullOutputStream()));
    }

    @Test
    void anotherReportsAttachmentOrAnUnknownIndexIsNotFound() throws Throwable {
        TestAttachments.Upload upload = upload("a.jpg", "image/jpeg", random(10, 6)).putAll();
        send(upload);
        UUID otherReport = reportOf(send());
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        String base = "/casework/api/reports/" + otherReport + "/attachments";
        get(session, base).then().statusCode(200).body("size()", equalTo(0));
        get(session, base + "/" + upload.id() + "/chunks/0").then().statusCode(404);
        get(session, "/casework/api/reports/" + UUID.randomUUID() + "/attachments").then().statusCode(404);
        get(session, "/casework/api/reports/not-a-uuid/attachments").then().statusCode(404);
        given().get(base).then().statusCode(401);
    }

    @Test
    void readingAFileWritesOneAuditEntryForItsHeaderAndOneForItsContentInTheChain() throws Throwable {
        TestAttachments.Upload upload = upload("bruise.jpg", "image/jpeg", random(700_000, 7));
        UUID report = reportOf(send(upload));
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        long before = new Db(dataSource).count("select count(*) from audit_entry where report_id = ?", report);

        chunk(session, report, upload.id(), 0);
        assertEquals(List.of("READ_ATTACHMENT " + staff.username() + " attachment=" + upload.id() + ",part=header"),
                auditOf(report, before));
        for (int i = 1; i < upload.chunks().size(); i++) {
            chunk(session, report, upload.id(), i);
        }
        assertEquals(List.of("READ_ATTACHMENT " + staff.username() + " attachment=" + upload.id() + ",part=header",
                "READ_ATTACHMENT " + staff.username() + " attachment=" + upload.id() + ",part=content"),
                auditOf(report, before), "one entry for the content, not one per chunk");
        // A chunk that is not served (another report's path) is not a read.
        get(session, "/casework/api/reports/" + UUID.randomUUID() + "/attachments/" + upload.id() + "/chunks/0")
                .then().statusCode(404);
        assertEquals(2, auditOf(report, before).size());
        var check = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> auditLog.verify());
        assertTrue(check.intact(), "the chain verifies with the reads in it: " + check);
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        given().cookie(StaffClient.COOKIE, admin.cookie()).get("/casework/admin/audit").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("data-chain=\"intact\""))
                .body(org.hamcrest.Matchers.containsString("attachment=" + upload.id() + ",part=content"));
    }

    /** "ACTION actor detail" of the report's audit entries after the first {@code skip}, in chain order. */
    private List<String> auditOf(UUID report, long skip) throws Exception {
        return new Db(dataSource).texts("select action || ' ' || actor || ' ' || coalesce(detail, '') from audit_entry "
                + "where report_id = ? order by seq offset ?", report, skip);
    }

    private TestAttachments.Upload upload(String name, String type, byte[] file) {
        return TestAttachments.create(demoKey.keyFile(), name, type, file);
    }

    /** Sends a report naming the uploads (putting their chunks first if they are not all stored); its token. */
    private String send(TestAttachments.Upload... uploads) {
        for (TestAttachments.Upload upload : uploads) {
            List<Integer> missing = upload.status().then().extract().jsonPath().getList("missing");
            missing.forEach(index -> upload.put(index).then().statusCode(204));
        }
        var key = demoKey.keyFile();
        TestReports.Sealed sealed = TestReports.sealed(key.kid(), Base64Url.decode(key.publicKey()),
                "with evidence " + UUID.randomUUID(), "record", TestReports.submissionKey());
        Map<String, Object> body = new LinkedHashMap<>(sealed.body());
        if (uploads.length > 0) {
            body.put("attachments", java.util.Arrays.stream(uploads).map(TestAttachments.Upload::claim).toList());
        }
        given().contentType(ContentType.JSON).body(TestReports.json(body)).post("/api/reports").then().statusCode(201);
        return sealed.token();
    }

    private AttachmentOpener opener(Map<String, Object> listed) {
        return new AttachmentOpener(demoKey.keyFile().privateKeyBytes(), (String) listed.get("kid"),
                Base64Url.decode((String) listed.get("enc")), UUID.fromString((String) listed.get("id")),
                (Integer) listed.get("chunks"));
    }

    private static byte[] chunk(StaffClient.Session session, UUID report, UUID attachment, int index) {
        return get(session, "/casework/api/reports/" + report + "/attachments/" + attachment + "/chunks/" + index)
                .then().statusCode(200).extract().asByteArray();
    }

    private static io.restassured.response.Response get(StaffClient.Session session, String path) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).get(path);
    }

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

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
