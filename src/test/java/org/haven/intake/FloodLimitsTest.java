package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.haven.tools.StoredReports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, spam and flooding without identifying anyone: the proof of work on the API, the no-JavaScript
 * budget and the mailbox sign-in limits, with the small numbers of {@link FloodLimits}. Every refusal stores
 * nothing.
 */
@QuarkusTest
@TestProfile(FloodLimits.class)
class FloodLimitsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReceiptTokens tokens;

    /** Each test starts in a fresh minute's counters, well inside the minute, with nothing redeemed. */
    @BeforeEach
    void freshCounters() throws Exception {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second >= 45) {
            Thread.sleep((61 - second) * 1000L);
        }
        sql("delete from flood_counter; delete from used_challenge");
        Thread.sleep(1100); // the difficulty is cached for a second
    }

    @Test
    void reportWithSolvedChallengeIsStored() throws Exception {
        String account = unique("proven");
        post("/api/reports", TestProofs.proven(sealed(account).body(), "report")).then().statusCode(201);
        assertEquals(1, stored(account));
    }

    @Test
    void reportWithoutChallengeIsRefusedAndNotStored() throws Exception {
        String account = unique("no proof");
        post("/api/reports", sealed(account).body()).then().statusCode(428)
                .contentType(containsString("problem+json")).body("detail", containsString("/api/challenge"));
        assertEquals(0, stored(account));
    }

    @Test
    void reportWithChallengeSignedByAnotherKeyIsRefusedAndNotStored() throws Exception {
        byte[] otherKey = new byte[32];
        RANDOM.nextBytes(otherKey);
        Challenges.Issued forged = new Challenges(otherKey, Duration.ofMinutes(10), Clock.systemUTC()).issue("report", 1);
        String account = unique("forged");
        post("/api/reports", TestProofs.with(sealed(account).body(), forged.challenge(),
                TestProofs.solve(forged.challenge(), 1))).then().statusCode(403)
                .body("detail", containsString("not issued by this service"));
        assertEquals(0, stored(account));
    }

    @Test
    void reportWithTamperedDifficultyIsRefused() throws Exception {
        JsonPath issued = TestProofs.challenge("report");
        String easier = issued.getString("challenge").replaceFirst("^v1\\.report\\.\\d+\\.", "v1.report.1.");
        String account = unique("tampered");
        post("/api/reports", TestProofs.with(sealed(account).body(), easier, TestProofs.solve(easier, 1)))
                .then().statusCode(403);
        assertEquals(0, stored(account));
    }

    @Test
    void reportWithExpiredChallengeIsRefusedAndNotStored() throws Exception {
        Duration lifetime = Duration.ofMinutes(10);
        Clock past = Clock.offset(Clock.systemUTC(), lifetime.plusSeconds(1).negated());
        Challenges.Issued expired = new Challenges(Challenges.key(tokens), lifetime, past).issue("report", 8);
        String account = unique("expired");
        post("/api/reports", TestProofs.with(sealed(account).body(), expired.challenge(),
                TestProofs.solve(expired.challenge(), 8))).then().statusCode(403).body("detail", containsString("expired"));
        assertEquals(0, stored(account));
    }

    @Test
    void reportWithMailboxChallengeIsRefusedAndNotStored() throws Exception {
        String account = unique("wrong purpose");
        post("/api/reports", TestProofs.proven(sealed(account).body(), "mailbox")).then().statusCode(403)
                .body("detail", containsString("another purpose"));
        assertEquals(0, stored(account));
    }

    @Test
    void reportWithInsufficientWorkIsRefusedAndNotStored() throws Exception {
        JsonPath issued = TestProofs.challenge("report");
        String challenge = issued.getString("challenge");
        String account = unique("lazy");
        post("/api/reports", TestProofs.with(sealed(account).body(), challenge,
                TestProofs.shortOf(challenge, issued.getInt("difficulty")))).then().statusCode(403)
                .body("detail", containsString("work"));
        assertEquals(0, stored(account));
    }

    @Test
    void replayedChallengeIsRefusedAndTheSecondReportNotStored() throws Exception {
        JsonPath issued = TestProofs.challenge("report");
        String challenge = issued.getString("challenge");
        String solution = TestProofs.solve(challenge, issued.getInt("difficulty"));
        String first = unique("first use");
        String second = unique("replay");
        post("/api/reports", TestProofs.with(sealed(first).body(), challenge, solution)).then().statusCode(201);
        post("/api/reports", TestProofs.with(sealed(second).body(), challenge, solution)).then().statusCode(409);
        assertEquals(1, stored(first));
        assertEquals(0, stored(second));
    }

    @Test
    void mailboxSignInNeedsItsOwnUnusedProof() {
        TestReports.Sealed sealed = storedReport();
        Map<String, Object> token = TestReports.tokenBody(sealed.token());
        post("/api/mailbox", token).then().statusCode(428);
        post("/api/mailbox", TestProofs.proven(token, "report")).then().statusCode(403);
        Map<String, Object> proven = TestProofs.proven(token, "mailbox");
        post("/api/mailbox", proven).then().statusCode(200).body("status", equalTo("new"));
        post("/api/mailbox", proven).then().statusCode(409);
    }

    @Test
    void difficultyRisesWithTheRateOfRedeemedChallenges() throws Exception {
        assertEquals(8, TestProofs.challenge("report").getInt("difficulty"));
        for (int i = 0; i < 3; i++) {
            post("/api/reports", TestProofs.proven(sealed(unique("load " + i)).body(), "report")).then().statusCode(201);
        }
        Thread.sleep(1100);
        JsonPath harder = TestProofs.challenge("report");
        assertEquals(12, harder.getInt("difficulty"));
        String challenge = harder.getString("challenge");
        String account = unique("too little for the load");
        post("/api/reports", TestProofs.with(sealed(account).body(), challenge, TestProofs.shortOf(challenge, 12)))
                .then().statusCode(403);
        assertEquals(0, stored(account));
    }

    @Test
    void challengeIsOnlyForReportsAndSignIns() {
        given().queryParam("for", "staff").get("/api/challenge").then().statusCode(400);
        given().get("/api/challenge").then().statusCode(400);
        given().queryParam("for", "report").get("/api/challenge").then().statusCode(200)
                .header("Cache-Control", "no-store");
    }

    @Test
    void sendsWithoutJavaScriptStopAtTheGlobalBudgetKeepingTheAnswers() throws Exception {
        for (int i = 0; i < FloodLimits.NO_JS_PER_MINUTE; i++) {
            String account = unique("no-js " + i);
            sendWithoutJavaScript(account).then().statusCode(200).body(containsString("data-receipt"));
            assertEquals(1, stored(account));
        }
        String account = unique("one too many");
        sendWithoutJavaScript(account).then().statusCode(429).header("Retry-After", "60")
                .body(containsString("Your report could not be sent. Your answers are still here."))
                .body(containsString(account));
        assertEquals(0, stored(account));
        // A proven report with JavaScript is not held back by the no-JavaScript budget.
        String proven = unique("with javascript");
        post("/api/reports", TestProofs.proven(sealed(proven).body(), "report")).then().statusCode(201);
        assertEquals(1, stored(proven));
    }

    @Test
    void signInsWithOneTokenAreLimitedPerMinute() {
        TestReports.Sealed sealed = storedReport();
        Map<String, Object> token = TestReports.tokenBody(sealed.token());
        for (int i = 0; i < FloodLimits.SIGN_INS_PER_TOKEN; i++) {
            post("/api/mailbox", TestProofs.proven(token, "mailbox")).then().statusCode(200);
        }
        post("/api/mailbox", TestProofs.proven(token, "mailbox")).then().statusCode(429).header("Retry-After", "60");
        // Another reporter's sign-in is not affected.
        post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(storedReport().token()), "mailbox"))
                .then().statusCode(200);
    }

    @Test
    void failedSignInsExhaustTheGlobalBudgetThenEverySignInWaits() throws Exception {
        for (int i = 0; i < FloodLimits.FAILED_SIGN_INS_PER_MINUTE; i++) {
            post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(randomToken()), "mailbox"))
                    .then().statusCode(404);
        }
        post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(randomToken()), "mailbox")).then().statusCode(429);
        TestReports.Sealed sealed = storedReport();
        post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(sealed.token()), "mailbox")).then().statusCode(429);
        given().formParam("receipt", sealed.receipt()).post("/en/mailbox").then().statusCode(429)
                .body(containsString("Please wait a minute and try again."))
                .body(containsString(sealed.receipt()));

        sql("delete from flood_counter"); // the next minute
        post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(sealed.token()), "mailbox")).then().statusCode(200);
    }

    @Test
    void guessesThroughWithdrawAndConsentCountAsFailedSignIns() throws Exception {
        TestReports.Sealed sealed = storedReport();
        post("/api/mailbox/withdraw", TestReports.tokenBody(randomToken())).then().statusCode(404);
        post("/api/mailbox/consent", Map.of("token", randomToken(), "consent", "police")).then().statusCode(404);
        given().formParam("token", randomToken()).post("/en/mailbox/withdraw/confirm").then().statusCode(200);
        post("/api/mailbox/withdraw", TestReports.tokenBody(sealed.token())).then().statusCode(429);
        given().formParam("token", randomToken()).formParam("consent", "nonsense").post("/en/mailbox/consent")
                .then().statusCode(429);
        sql("delete from flood_counter");
        post("/api/mailbox", TestProofs.proven(TestReports.tokenBody(sealed.token()), "mailbox")).then().statusCode(200);
    }

    @Test
    void signInsWithoutJavaScriptShareTheNoJavaScriptBudget() {
        TestReports.Sealed sealed = storedReport();
        for (int i = 0; i < FloodLimits.NO_JS_PER_MINUTE; i++) {
            // Different tokens, so the per-token limit is not what stops the last one.
            given().formParam("receipt", i == 0 ? sealed.receipt() : storedReport().receipt()).post("/en/mailbox")
                    .then().statusCode(200);
        }
        given().formParam("receipt", sealed.receipt()).post("/en/mailbox").then().statusCode(429)
                .body(containsString("Please wait a minute and try again."));
    }

    private TestReports.Sealed sealed(String account) {
        return TestReports.sealed(demoKey.keyFile(), account, "record");
    }

    private TestReports.Sealed storedReport() {
        TestReports.Sealed sealed = sealed(unique("signs in"));
        post("/api/reports", TestProofs.proven(sealed.body(), "report")).then().statusCode(201);
        return sealed;
    }

    private static Response sendWithoutJavaScript(String account) {
        return given().formParam("submission_key", TestReports.submissionKey()).formParam("crime_type", "fraud-scam")
                .formParam("role", "victim").formParam("account", account).formParam("consent", "record")
                .post("/en/report/send");
    }

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(TestReports.json(body)).post(path);
    }

    private long stored(String account) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return StoredReports.withAccount(c, demoKey.keyFile().kid(), demoKey.keyFile().privateKeyBytes(), account)
                    .size();
        }
    }

    private void sql(String statements) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private static String randomToken() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return Base64Url.encode(token);
    }

    private static String unique(String text) {
        return text + " " + UUID.randomUUID();
    }
}
