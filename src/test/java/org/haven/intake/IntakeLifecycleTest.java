package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.web.ProductionReadiness;
import org.junit.jupiter.api.Test;

/** Forgetting on schedule, withdrawal taking everything with it, and the prod guard on the test profile. */
@QuarkusTest
class IntakeLifecycleTest {

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    IntakeService intake;

    @Inject
    ProductionReadiness readiness;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void expiredReportsArePurgedWithTheirMessages() throws Throwable {
        TestReports.Sealed old = submit("expired " + UUID.randomUUID());
        TestReports.Sealed current = submit("current " + UUID.randomUUID());
        UUID oldId = idOf(old);
        addMessage(oldId);
        execute("update report set expires_on = current_date - 1 where id = ?", oldId);

        long purged = VertxContextSupport.subscribeAndAwait(() -> intake.purgeExpired());

        assertTrue(purged >= 1);
        assertEquals(0, count("select count(*) from report where id = ?", oldId));
        assertEquals(0, count("select count(*) from mailbox_message where report_id = ?", oldId));
        given().contentType(ContentType.JSON).body(TestReports.json(TestReports.tokenBody(current.token())))
                .post("/api/mailbox").then().statusCode(200);
    }

    @Test
    void withdrawDeletesTheReportAndEveryMessage() throws Exception {
        TestReports.Sealed sealed = submit("withdraw with messages " + UUID.randomUUID());
        UUID id = idOf(sealed);
        addMessage(id);
        addMessage(id);
        given().contentType(ContentType.JSON).body(TestReports.json(TestReports.tokenBody(sealed.token())))
                .post("/api/mailbox").then().statusCode(200).body("messages", hasSize(2))
                .body("messages[0].sender", equalTo("caseworker"));
        given().contentType(ContentType.JSON).body(TestReports.json(TestReports.tokenBody(sealed.token())))
                .post("/api/mailbox/withdraw").then().statusCode(204);
        assertEquals(0, count("select count(*) from report where id = ?", id));
        assertEquals(0, count("select count(*) from mailbox_message where report_id = ?", id));
    }

    @Test
    void productionRefusesTheTestProfilesUnsafeStateAllAtOnce() {
        // The test profile runs on the demo key and demo staff, allows plain-HTTP forces and a plaintext
        // database: the prod guard must refuse every one of these, in one exception.
        IllegalStateException refused = assertThrows(IllegalStateException.class, readiness::refuseIfUnsafe);
        String message = refused.getMessage();
        assertTrue(message.contains(demoKey.keyFile().kid()), message);
        assertTrue(message.contains("'admin'") && message.contains("'caseworker'"), message);
        assertTrue(message.contains("HAVEN_REFERRAL_ALLOW_PLAIN_HTTP"), message);
        assertTrue(message.contains("QUARKUS_DATASOURCE_REACTIVE_URL"), message);
        assertTrue(message.contains("QUARKUS_DATASOURCE_JDBC_URL"), message);
        // The test profile's keys are generated files, not settings: prod would refuse to run without them.
        assertTrue(message.contains("HAVEN_RECEIPT_TOKEN_KEY") && message.contains("HAVEN_REFERRAL_SIGNING_KEY"),
                message);
    }

    private TestReports.Sealed submit(String account) {
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), account, "talk");
        given().contentType(ContentType.JSON).body(TestReports.json(sealed.body())).post("/api/reports")
                .then().statusCode(201);
        return sealed;
    }

    /** The stored row of a submission, found by the keyed hash the server keeps of its token. */
    private UUID idOf(TestReports.Sealed sealed) throws Exception {
        byte[] tokenHash = receiptTokens.hash(org.haven.crypto.Base64Url.decode(sealed.token()));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from report where token_hash = ?")) {
            s.setBytes(1, tokenHash);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "stored");
                return (UUID) r.getObject(1);
            }
        }
    }

    private void addMessage(UUID reportId) throws Exception {
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        String envelope = Envelopes.seal(Purpose.REPLY, "mailbox", mailbox.publicKey(),
                "a reply".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toJson();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into mailbox_message (id, report_id, sender, envelope, sent_hour) "
                        + "values (?, ?, 'caseworker', ?, date_trunc('hour', now()))")) {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, reportId);
            s.setString(3, envelope);
            s.executeUpdate();
        }
    }

    private void execute(String sql, UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    private long count(String sql, UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
