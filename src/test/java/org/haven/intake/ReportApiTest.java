package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Map;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.tools.StoredReports;
import org.haven.web.RawHttp;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReportApiTest {

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void storesSealedReportThatOnlyTheIntakeKeyOpens() throws Exception {
        String account = unique("stored and opened");
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), account, "police");
        post("/api/reports", sealed.body()).then().statusCode(201).body("status", equalTo("stored"));

        var opened = withAccount(account);
        assertEquals(1, opened.size());
        assertEquals("harassment-threats", opened.get(0).answers().get("crime_type"));
        assertEquals("police", opened.get(0).consent());

        post("/api/mailbox", TestReports.tokenBody(sealed.token())).then().statusCode(200)
                .body("status", equalTo("new"))
                .body("consent", equalTo("police"))
                .body("messages", emptyIterable())
                .body("received", containsString(":00:00Z"));
    }

    @Test
    void resendWithSameSubmissionKeyStoresOnce() throws Exception {
        String account = unique("sent twice");
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), account, "record");
        post("/api/reports", sealed.body()).then().statusCode(201);
        post("/api/reports", sealed.body()).then().statusCode(200).body("status", equalTo("already-stored"));
        assertEquals(1, withAccount(account).size());
    }

    @Test
    void concurrentResendsStoreExactlyOnce() throws Exception {
        String account = unique("sent ten times at once");
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), account, "record");
        String body = TestReports.json(sealed.body());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            java.util.concurrent.Callable<Integer> send =
                    () -> given().contentType(ContentType.JSON).body(body).post("/api/reports").statusCode();
            var statuses = pool.invokeAll(java.util.Collections.nCopies(10, send));
            java.util.List<Integer> codes = new java.util.ArrayList<>();
            for (var status : statuses) {
                codes.add(status.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(9, codes.stream().filter(c -> c == 200).count(), codes.toString());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, withAccount(account).size());
    }

    @Test
    void rejectsReplayedSubmissionKeyWithDifferentReport() {
        TestReports.Sealed first = TestReports.sealed(demoKey.keyFile(), "first", "record");
        post("/api/reports", first.body()).then().statusCode(201);
        TestReports.Sealed other = TestReports.sealed(demoKey.keyFile(), "other", "record")
                .with("submissionKey", first.body().get("submissionKey"));
        post("/api/reports", other.body()).then().statusCode(409);
        post("/api/mailbox", TestReports.tokenBody(other.token())).then().statusCode(404);
    }

    @Test
    void rejectsEnvelopeWithUnknownKeyId() {
        Hpke.KeyPair stranger = Hpke.generateKeyPair();
        TestReports.Sealed sealed = TestReports.sealed("not-a-haven-key", stranger.publicKey(), "unknown key", "talk",
                TestReports.submissionKey());
        post("/api/reports", sealed.body()).then().statusCode(422)
                .contentType("application/problem+json").body("title", equalTo("Unknown key"));
    }

    @Test
    void rejectsMalformedEnvelopes() {
        TestReports.Sealed good = TestReports.sealed(demoKey.keyFile(), "malformed", "talk");
        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = (Map<String, Object>) good.body().get("envelope");
        Map<String, Object> truncated = new java.util.HashMap<>(envelope);
        truncated.put("ct", ((String) envelope.get("ct")).substring(0, 100));
        Map<String, Object> badVersion = new java.util.HashMap<>(envelope);
        badVersion.put("v", 2);
        Map<String, Object> extra = new java.util.HashMap<>(envelope);
        extra.put("name", "Someone");
        for (Object bad : new Object[] {truncated, badVersion, extra, "not an object", Map.of()}) {
            post("/api/reports", good.with("envelope", bad).body()).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body(not(containsString("Exception")));
        }
    }

    @Test
    void rejectsUnknownFieldsSoNoIdentityCanBeAdded() {
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), "extra field", "talk").with("email", "a@b.c");
        post("/api/reports", sealed.body()).then().statusCode(400).body("detail", containsString("email"));
    }

    @Test
    void rejectsMissingOrBadFields() {
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), "bad fields", "talk");
        post("/api/reports", sealed.without("token").body()).then().statusCode(400);
        post("/api/reports", sealed.with("token", "%%%").body()).then().statusCode(400);
        post("/api/reports", sealed.with("consent", "everyone").body()).then().statusCode(400);
        post("/api/reports", sealed.with("submissionKey", "short").body()).then().statusCode(400);
        post("/api/reports", sealed.with("mailboxPublicKey", Base64Url.encode(new byte[65])).body()).then().statusCode(400);
    }

    @Test
    void rejectsWrongContentTypeAndOversizeBodies() throws Exception {
        given().contentType(ContentType.TEXT).body("hello").post("/api/reports").then().statusCode(415);
        given().contentType(ContentType.JSON).body("{").post("/api/reports").then().statusCode(400);
        // Over a raw socket: Haven answers 413 and closes while a 2 MB body is still being written, which an HTTP
        // client library reports as a broken pipe instead of the answer.
        byte[] huge = ("{\"submissionKey\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer tooLarge = RawHttp.exchange(io.restassured.RestAssured.port, "POST /api/reports HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + huge.length,
                huge, 20_000);
        assertEquals(413, tooLarge.status(), tooLarge.body());
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), "large", "talk");
        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = new java.util.HashMap<>((Map<String, Object>) sealed.body().get("envelope"));
        envelope.put("ct", "A".repeat(400_000));
        post("/api/reports", sealed.with("envelope", envelope).body()).then().statusCode(413);
    }

    @Test
    void reporterCanChangeConsentAndWithdraw() throws Exception {
        String account = unique("withdraw me");
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), account, "talk");
        post("/api/reports", sealed.body()).then().statusCode(201);
        Map<String, Object> consent = Map.of("token", sealed.token(), "consent", "police");
        post("/api/mailbox/consent", consent).then().statusCode(204);
        post("/api/mailbox", TestReports.tokenBody(sealed.token())).then().body("consent", equalTo("police"));
        post("/api/mailbox/withdraw", TestReports.tokenBody(sealed.token())).then().statusCode(204);
        post("/api/mailbox", TestReports.tokenBody(sealed.token())).then().statusCode(404);
        post("/api/mailbox/withdraw", TestReports.tokenBody(sealed.token())).then().statusCode(404);
        assertEquals(0, withAccount(account).size());
    }

    @Test
    void servesTheActiveIntakeKey() {
        given().get("/api/intake-key").then().statusCode(200)
                .body("kid", equalTo(demoKey.keyFile().kid()))
                .body("publicKey", equalTo(demoKey.keyFile().publicKey()));
    }

    private static io.restassured.response.Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(TestReports.json(body)).post(path);
    }

    private java.util.List<StoredReports.Opened> withAccount(String account) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return StoredReports.withAccount(c, demoKey.keyFile().kid(), demoKey.keyFile().privateKeyBytes(), account);
        }
    }

    private static String unique(String text) {
        return text + " " + java.util.UUID.randomUUID();
    }
}
