package org.haven.casework.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.crypto.Base64Url;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.haven.referral.Db;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the staff side, each test named by the attack it defeats: password guessing (at one account, in
 * parallel, across many), session fixation, CSRF, a cookie stolen before sign-out, report ids that are not
 * there, TOTP codes out of their window or replayed, and recovery codes reused, also by parallel requests.
 * Over real HTTP and PostgreSQL; failures wait 0.1 s doubling here (not 0.01 s), so the growth shows.
 */
@QuarkusTest
@TestProfile(AuthenticationAttacksTest.Attacks.class)
class AuthenticationAttacksTest {

    private static final String COOKIE = StaffClient.COOKIE;
    private static final int BUDGET = 12;
    private static final String NOT_RECOGNISED = "The sign-in details were not recognised";

    /** Failures slow enough to measure, and a global failure budget small enough to spend in a test. */
    public static class Attacks implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haven.staff.first-failure-delay", "PT0.1S",
                    "haven.staff.global-failure-budget", String.valueOf(BUDGET));
        }
    }

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @TestHTTPResource("/")
    URL base;

    private Db db;

    @BeforeEach
    void freshBudget() throws Exception {
        db = new Db(dataSource);
        db.execute("delete from staff_sign_in_failure");
    }

    // Brute force

    @Test
    void passwordGuessingAtOneAccountLocksItEvenForTheRightPassword() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        for (int i = 0; i < 5; i++) {
            StaffClient.password(staff.username(), "guess " + i).then().statusCode(200)
                    .body(containsString(NOT_RECOGNISED));
        }
        StaffClient.password(staff.username(), staff.password()).then().statusCode(200)
                .body(containsString(NOT_RECOGNISED));
        assertEquals("true", db.text("select (locked_until > now())::text from staff_account where username = ?",
                staff.username()));

        // Once the lock has passed, the right password works again.
        db.execute("update staff_account set locked_until = now() - interval '1 second' where username = ?",
                staff.username());
        StaffClient.password(staff.username(), staff.password()).then().statusCode(303);
    }

    @Test
    void codeGuessingWithAStolenPasswordWaitsLongerEachTimeThenLocksTheAccount() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        String half = StaffClient.password(staff.username(), staff.password()).getCookie(COOKIE);
        String wrong = "000000".equals(staff.code(0)) ? "111111" : "000000";
        long[] took = new long[5];
        for (int i = 0; i < took.length; i++) {
            long start = System.nanoTime();
            StaffClient.secondFactor(half, wrong).then().statusCode(200)
                    .body(containsString("That code was not recognised"));
            took[i] = (System.nanoTime() - start) / 1_000_000;
        }
        // Password and code failures count and wait alike; the code step has no Argon2 to hide the waits in.
        // At least 0.1, 0.2, 0.4, 0.8 s, then 1.6 s as the fifth failure locks the account. Lower bounds only: a
        // busy machine adds time, never takes it away.
        for (int i = 0; i < took.length; i++) {
            assertTrue(took[i] >= 100L << i, "guess " + (i + 1) + " waits longer: " + java.util.Arrays.toString(took));
        }
        StaffClient.secondFactor(half, staff.code(0)).then().statusCode(200)
                .body(containsString("That code was not recognised"));
        StaffClient.password(staff.username(), staff.password()).then().statusCode(200)
                .body(containsString(NOT_RECOGNISED));
    }

    @Test
    void parallelPasswordGuessingAtOneAccountStillLocksIt() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        List<HttpRequest> guesses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            guesses.add(form("/casework/login", null, Map.of("username", staff.username(), "password", "guess " + i)));
        }
        for (HttpResponse<String> answer : inParallel(guesses)) {
            assertEquals(200, answer.statusCode());
        }
        // Parallel failures must not overwrite one another's count: the account is locked.
        StaffClient.password(staff.username(), staff.password()).then().statusCode(200)
                .body(containsString(NOT_RECOGNISED));
        assertEquals("true", db.text("select (locked_until > now())::text from staff_account where username = ?",
                staff.username()));
    }

    @Test
    void guessingAcrossManyAccountsPausesPasswordSignInForEveryone() throws Throwable {
        List<TestStaff> targets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            targets.add(TestStaff.create(auth, dataSource, "caseworker"));
        }
        TestStaff bystander = TestStaff.create(auth, dataSource, "caseworker");
        // Three guesses at each account: below any account's lock, but the whole budget.
        for (int round = 0; round < BUDGET / targets.size(); round++) {
            for (TestStaff target : targets) {
                StaffClient.password(target.username(), "Summer2026!" + round).then().statusCode(200)
                        .body(containsString(NOT_RECOGNISED));
            }
        }
        assertEquals(0L, db.count("select count(*) from staff_account where username = any (?) "
                + "and locked_until > now()", (Object) targets.stream().map(TestStaff::username).toArray(String[]::new)));

        // Now nobody's password is even tried, the right one included; no session is made, no account locked.
        Response paused = StaffClient.password(bystander.username(), bystander.password());
        paused.then().statusCode(429).header("Retry-After", "900")
                .body(containsString("signing in is paused for everyone"));
        assertEquals(null, paused.getCookie(COOKIE));
        StaffClient.password(targets.get(0).username(), "Summer2026!9").then().statusCode(429);
        assertEquals("3", db.text("select failed_attempts::text from staff_account where username = ?",
                targets.get(0).username()));

        // Signed-in sessions are unaffected, and once the failures age out of the window sign-in works again.
        db.execute("update staff_sign_in_failure set minute = minute - interval '15 minutes'");
        bystander.signIn(0);
    }

    // Session fixation

    @Test
    void sessionIdPlantedBeforeSignInIsNeverAdopted() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        String planted = Base64Url.encode(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        given().cookie(COOKIE, planted).get("/casework/login").then().statusCode(200);
        Response password = given().redirects().follow(false).cookie(COOKIE, planted)
                .formParam("username", staff.username()).formParam("password", staff.password())
                .post("/casework/login");
        password.then().statusCode(303);
        String half = password.getCookie(COOKIE);
        assertNotEquals(planted, half, "the password step issues its own id");
        // The attacker's id cannot take the second factor either: only the id Haven issued can.
        StaffClient.secondFactor(planted, staff.code(0)).then().statusCode(200)
                .body(containsString("That code was not recognised"));

        Response second = StaffClient.secondFactor(half, staff.code(1));
        second.then().statusCode(303);
        String full = second.getCookie(COOKIE);
        assertNotEquals(planted, full);
        assertNotEquals(half, full, "the second factor issues a new id again");
        given().cookie(COOKIE, full).get("/casework/api/me").then().statusCode(200)
                .body("username", equalTo(staff.username()));
        for (String worthless : List.of(planted, half)) {
            given().cookie(COOKIE, worthless).get("/casework/api/me").then().statusCode(401);
            assertEquals(0L, db.count("select count(*) from staff_session where id_hash = ?",
                    StaffAuth.sessionHash(worthless)));
        }
        // The half session cannot be promoted a second time.
        StaffClient.secondFactor(half, staff.code(-1)).then().statusCode(200);
    }

    // CSRF

    @Test
    void stateChangeWithoutTheCsrfTokenIsRefused() throws Throwable {
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        given().cookie(COOKIE, session.cookie()).post("/casework/api/sign-out").then().statusCode(403);
        given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", "forged").post("/casework/api/sign-out")
                .then().statusCode(403);
        given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", "").post("/casework/api/sign-out")
                .then().statusCode(403);
        stillSignedIn(session);
    }

    @Test
    void stateChangeWithAnotherSessionsCsrfTokenIsRefused() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session victim = staff.signIn(0);
        // The attacker's own session, even of the same account, has a token that is worth nothing elsewhere.
        StaffClient.Session attackerOwn = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        StaffClient.Session sameAccount = staff.signIn(1);
        for (String token : List.of(attackerOwn.csrf(), sameAccount.csrf())) {
            assertNotEquals(victim.csrf(), token);
            given().cookie(COOKIE, victim.cookie()).header("X-CSRF-Token", token).post("/casework/api/sign-out")
                    .then().statusCode(403);
        }
        stillSignedIn(victim);
    }

    @Test
    void stateChangeSentFromAnotherOriginIsRefused() throws Throwable {
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        List<Map<String, String>> foreign = List.of(
                Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"),
                Map.of("Origin", "https://evil.example"),
                Map.of("Origin", base.getProtocol() + "://" + base.getHost() + ":1"),
                Map.of("Referer", "https://evil.example/casework/attack.html"),
                Map.of("Origin", "null", "Referer", "http://evil.example/"));
        for (Map<String, String> headers : foreign) {
            given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf()).headers(headers)
                    .post("/casework/api/sign-out").then().statusCode(403);
        }
        stillSignedIn(session);
        // The same request from Haven's own page goes through.
        given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .header("Referer", base.toString() + "casework").post("/casework/api/sign-out").then().statusCode(204);
    }

    @Test
    void crossSiteFormPostIsRefused() throws Throwable {
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        UUID report = newReport();
        // What an auto-submitting form on another site sends: a form body, no token; with fetch metadata or
        // (older browsers) an Origin, or nothing at all.
        List<Map<String, String>> browsers = List.of(Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Origin", "https://evil.example"), Map.of());
        for (Map<String, String> headers : browsers) {
            for (String path : List.of("/casework/api/sign-out-everywhere",
                    "/casework/api/reports/" + report + "/delete", "/casework/api/reports/" + report + "/status")) {
                given().cookie(COOKIE, session.cookie()).headers(headers).contentType(ContentType.URLENC)
                        .formParam("status", "closed").post(path).then().statusCode(403);
            }
        }
        // Nor can another site sign a caseworker in to an account of its choosing (login CSRF).
        given().formParam("username", "x").formParam("password", "y").header("Sec-Fetch-Site", "cross-site")
                .post("/casework/login").then().statusCode(403);
        given().formParam("code", "123456").header("Origin", "https://evil.example")
                .post("/casework/login/second-factor").then().statusCode(403);
        stillSignedIn(session);
        assertEquals("new", db.text("select status from report where id = ?", report));
    }

    // A session cookie stolen before sign-out

    @Test
    void cookieStolenBeforeSignOutIsWorthlessAfterIt() throws Throwable {
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .post("/casework/api/sign-out").then().statusCode(204);
        assertEquals(0L, db.count("select count(*) from staff_session where id_hash = ?",
                StaffAuth.sessionHash(session.cookie())));
        replayIsTurnedAway(session);
    }

    @Test
    void cookieStolenBeforeSignOutEverywhereIsWorthlessInEveryBrowser() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session phone = staff.signIn(0);
        StaffClient.Session laptop = staff.signIn(1);
        given().cookie(COOKIE, laptop.cookie()).get("/casework/api/me").then().statusCode(200);
        given().cookie(COOKIE, phone.cookie()).header("X-CSRF-Token", phone.csrf())
                .post("/casework/api/sign-out-everywhere").then().statusCode(204);
        replayIsTurnedAway(laptop);
        replayIsTurnedAway(phone);
        assertEquals(0L, db.count("select count(*) from staff_session s join staff_account a on a.id = s.account_id "
                + "where a.username = ?", staff.username()));
    }

    // Report ids that are not the caseworker's to act on

    @Test
    void reportIdsThatDoNotExistAnswerExactlyLikeDeletedOnesAndRevealNothing() throws Throwable {
        StaffClient.Session session = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        UUID existing = newReport();
        UUID deleted = newReport();
        post(session, "/casework/api/reports/" + deleted + "/delete", Map.of()).then().statusCode(204);
        String referral = UUID.randomUUID().toString();

        List<String> ids = List.of(deleted.toString(), UUID.randomUUID().toString(), "not-a-uuid",
                "00000000-0000-0000-0000-000000000000", "..%2F..%2Fadmin", existing + "x");
        String expected = null;
        for (String id : ids) {
            for (String sub : List.of("messages", "notes", "referrals")) {
                String body = given().cookie(COOKIE, session.cookie()).get("/casework/api/reports/" + id + "/" + sub)
                        .then().statusCode(404).extract().asString();
                expected = expected == null ? body : expected;
                assertEquals(expected, body, "GET " + sub + " of " + id);
            }
            for (String action : List.of("status", "assign", "viewed", "delete")) {
                String body = post(session, "/casework/api/reports/" + id + "/" + action,
                        Map.of("status", "closed", "toMe", true)).then().statusCode(404).extract().asString();
                assertEquals(expected, body, "POST " + action + " on " + id);
            }
        }
        for (String action : List.of("cancel", "retry")) {
            // A report's id is not a referral's: that too matches nothing.
            for (String id : List.of(referral, existing.toString())) {
                assertEquals(expected, post(session, "/casework/api/referrals/" + id + "/" + action, Map.of())
                        .then().statusCode(404).extract().asString());
            }
        }
        // Without a session, a report that exists and one that does not are turned away alike.
        for (String id : List.of(existing.toString(), UUID.randomUUID().toString())) {
            given().get("/casework/api/reports/" + id + "/messages").then().statusCode(401);
        }
        assertEquals("new", db.text("select status from report where id = ?", existing));
    }

    // Expired and replayed TOTP codes

    @Test
    void totpCodeFromOutsideTheAcceptedWindowIsRefused() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        // Accepted: the current step and one either side. Two back has expired; three ahead is not yet due.
        for (int offset : new int[] {-2, -5, 3}) {
            String half = StaffClient.password(staff.username(), staff.password()).getCookie(COOKIE);
            StaffClient.secondFactor(half, staff.code(offset)).then().statusCode(200)
                    .body(containsString("That code was not recognised"));
        }
        staff.signIn(0);
    }

    @Test
    void totpCodeReplayedOrOlderThanTheLastUsedIsRefused() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        String used = staff.code(1);
        StaffClient.signIn(staff.username(), staff.password(), used);
        for (String code : List.of(used, staff.code(0), staff.code(-1))) {
            String half = StaffClient.password(staff.username(), staff.password()).getCookie(COOKIE);
            StaffClient.secondFactor(half, code).then().statusCode(200)
                    .body(containsString("That code was not recognised"));
        }
    }

    @Test
    void sameTotpCodeInParallelSignInsWorksOnce() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        assertEquals(1, parallelSecondFactors(staff, staff.code(0), 6), "exactly one of six sign-ins succeeds");
    }

    // Reused recovery codes

    @Test
    void recoveryCodeInTwoParallelSignInsWorksOnce() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        String recovery = "abcdefgh-ijklmnop";
        db.execute("insert into staff_recovery_code (account_id, code_hash) "
                + "select id, ? from staff_account where username = ?",
                StaffAuth.sha256(StaffAuth.normaliseCode(recovery)), staff.username());
        assertEquals(1, parallelSecondFactors(staff, recovery, 2), "exactly one of two sign-ins succeeds");
        String half = StaffClient.password(staff.username(), staff.password()).getCookie(COOKIE);
        StaffClient.secondFactor(half, recovery).then().statusCode(200)
                .body(containsString("That code was not recognised"));
    }

    /** {@code browsers} browsers past the password step send the same second-factor code at the same moment. */
    private int parallelSecondFactors(TestStaff staff, String code, int browsers) throws Exception {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < browsers; i++) {
            String half = StaffClient.password(staff.username(), staff.password()).getCookie(COOKIE);
            requests.add(form("/casework/login/second-factor", half, Map.of("code", code)));
        }
        int signedIn = 0;
        for (HttpResponse<String> answer : inParallel(requests)) {
            signedIn += answer.statusCode() == 303 ? 1 : 0;
        }
        return signedIn;
    }

    private HttpRequest form(String path, String cookie, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            request.header("Cookie", COOKIE + "=" + cookie);
        }
        return request.build();
    }

    /** Sends every request at once, each on its own connection and thread, released together. */
    private static List<HttpResponse<String>> inParallel(List<HttpRequest> requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (HttpRequest request : requests) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                out.add(answer.get());
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void replayIsTurnedAway(StaffClient.Session stolen) {
        given().redirects().follow(false).cookie(COOKIE, stolen.cookie()).get("/casework").then().statusCode(303)
                .header("Location", containsString("/casework/login"));
        given().cookie(COOKIE, stolen.cookie()).get("/casework/api/me").then().statusCode(401);
        given().cookie(COOKIE, stolen.cookie()).get("/casework/api/reports").then().statusCode(401);
        given().cookie(COOKIE, stolen.cookie()).header("X-CSRF-Token", stolen.csrf()).contentType(ContentType.JSON)
                .body(Map.of()).post("/casework/api/sign-out-everywhere").then().statusCode(401);
    }

    private static void stillSignedIn(StaffClient.Session session) {
        given().cookie(COOKIE, session.cookie()).get("/casework/api/me").then().statusCode(200);
    }

    private static Response post(StaffClient.Session session, String path, Object body) {
        return given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body(body).post(path);
    }

    private UUID newReport() throws Exception {
        String token = TestReportsBridge.submit(demoKey, "attack " + UUID.randomUUID());
        return UUID.fromString(db.text("select id::text from report where token_hash = ?",
                receiptTokens.hash(Base64Url.decode(token))));
    }
}
