package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.junit.jupiter.api.Test;

/** Attachments are forgotten with their report, unsent uploads after a day, and nothing in clear is ever stored. */
@QuarkusTest
class AttachmentLifecycleTest {

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    RetentionPurge purge;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void withdrawLeavesNoAttachmentOrChunkRows() throws Exception {
        TestAttachments.Upload withReport = upload();
        TestReports.Sealed report = sendWith(withReport);
        TestAttachments.Upload withMessage = upload();
        given().contentType(ContentType.JSON).body(TestReports.json(TestAttachments.message(demoKey.keyFile(),
                report.token(), List.of(withMessage.claim())))).post("/api/mailbox/messages").then().statusCode(201);
        assertEquals(2, attachmentRows(withReport.id(), withMessage.id()));
        assertEquals(6, chunkRows(withReport.id(), withMessage.id()));

        given().contentType(ContentType.JSON).body(TestReports.json(TestReports.tokenBody(report.token())))
                .post("/api/mailbox/withdraw").then().statusCode(204);
        assertEquals(0, attachmentRows(withReport.id(), withMessage.id()));
        assertEquals(0, chunkRows(withReport.id(), withMessage.id()));
    }

    @Test
    void retentionPurgeTakesAttachmentsWithExpiredReportsAndUnsentUploadsAfterADay() throws Throwable {
        TestAttachments.Upload expiring = upload();
        TestReports.Sealed report = sendWith(expiring);
        TestAttachments.Upload kept = upload();
        sendWith(kept);
        TestAttachments.Upload abandoned = upload();
        TestAttachments.Upload recent = upload();
        execute("update report set expires_on = current_date - 1 where token_hash = ?",
                receiptTokens.hash(Base64Url.decode(report.token())));
        // Created 25 hours ago by its hour: not yet due (at least 24 h are always given); 26 hours: due.
        execute("update attachment set created_hour = date_trunc('hour', now()) - interval '26 hours' where id = ?",
                abandoned.id());
        execute("update attachment set created_hour = date_trunc('hour', now()) - interval '24 hours' where id = ?",
                recent.id());

        VertxContextSupport.subscribeAndAwait(() -> purge.purge());

        assertEquals(0, attachmentRows(expiring.id(), abandoned.id()));
        assertEquals(0, chunkRows(expiring.id(), abandoned.id()));
        assertEquals(2, attachmentRows(kept.id(), recent.id()));
        assertEquals(6, chunkRows(kept.id(), recent.id()));
        recent.status().then().statusCode(200);
    }

    @Test
    void noFileNameContentOrUploadTokenIsStoredInClear() throws Exception {
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        byte[] content = (canary + " ").repeat(40_000).getBytes(StandardCharsets.UTF_8);
        TestAttachments.Upload upload = TestAttachments.create(demoKey.keyFile(), "name-" + canary + ".txt",
                "text/x-" + canary, content).putAll();
        TestAttachments.Upload unsent = TestAttachments.create(demoKey.keyFile(), "unsent-" + canary + ".txt",
                "text/plain", content).putAll();
        sendWith(upload);

        List<String> needles = List.of(canary, HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)),
                upload.token(), HexFormat.of().formatHex(Base64Url.decode(upload.token())),
                HexFormat.of().formatHex(Base64Url.decode(unsent.token())));
        // The scan sees content: the upload's enc, which is stored in clear, is found by the same search.
        assertTrue(tablesHolding(HexFormat.of().formatHex(upload.enc())).contains("public.attachment"));
        for (String needle : needles) {
            assertEquals(List.of(), tablesHolding(needle), needle);
        }
    }

    private TestAttachments.Upload upload() {
        return TestAttachments.create(demoKey.keyFile(), "photo.jpg", "image/jpeg",
                AttachmentApiTest.bytes(300_000, 11)).putAll();
    }

    private TestReports.Sealed sendWith(TestAttachments.Upload upload) {
        TestReports.Sealed report = TestReports.sealed(demoKey.keyFile(), "lifecycle " + UUID.randomUUID(), "talk")
                .with("attachments", List.of(upload.claim()));
        given().contentType(ContentType.JSON).body(TestReports.json(report.body())).post("/api/reports")
                .then().statusCode(201);
        return report;
    }

    private long attachmentRows(UUID first, UUID second) throws Exception {
        return count("select count(*) from attachment where id in (?, ?)", first, second);
    }

    private long chunkRows(UUID first, UUID second) throws Exception {
        return count("select count(*) from attachment_chunk where attachment_id in (?, ?)", first, second);
    }

    private long count(String sql, UUID first, UUID second) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, first);
            s.setObject(2, second);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private List<String> tablesHolding(String needle) throws Exception {
        return TestTables.holding(dataSource, needle);
    }

    private void execute(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            s.executeUpdate();
        }
    }
}
