package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.account.FirstAdmin;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Totp;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;

/**
 * Staff sign-in, second factor and its enrolment, sessions and roles, over real HTTP and PostgreSQL. The attacks
 * on them (guessing, fixation, CSRF, stolen cookies, replayed codes) are in AuthenticationAttacksTest.
 */
@QuarkusTest
class StaffSignInTest {

    private static final String COOKIE = StaffClient.COOKIE;

    @Inject
    StaffAuth auth;

    @Inject
    FirstAdmin firstAdmin;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void signsInWithPasswordThenTotpAndGetsAFreshSessionCookie() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        Response first = StaffClient.password(staff.username(), staff.password());
        first.then().statusCode(303).header("Location", containsString("/casework/login/second-factor"));
        String half = first.getCookie(COOKIE);
        assertTrue(first.getDetailedCookie(COOKIE).isHttpOnly());
        assertEquals("Strict", first.getDetailedCookie(COOKIE).getSameSite());

        // The half session opens nothing.
        given().redirects().follow(false).cookie(COOKIE, half).get("/casework").then().statusCode(303)
                .header("Location", containsString("/casework/login"));

        Response second = StaffClient.secondFactor(half, staff.code(0));
        second.then().statusCode(303).header("Location", containsString("/casework"));
        String full = second.getCookie(COOKIE);
        assertNotEquals(half, full, "a new session id after the second factor (no fixation)");
        given().cookie(COOKIE, full).get("/casework").then().statusCode(200)
                .body(containsString("Signed in as \u2068" + staff.username() + "\u2069")); // isolated, as every value set into a sentence
        given().redirects().follow(false).cookie(COOKIE, half).get("/casework").then().statusCode(303);
    }

    @Test
    void demoAccountsSignInWithTheirDocumentedSecrets() {
        StaffClient.Session admin = StaffClient.signIn(DemoStaff.ADMIN, DemoStaff.ADMIN_PASSWORD,
                Totp.code(DemoStaff.totpSecret(DemoStaff.ADMIN), Totp.step(System.currentTimeMillis() / 1000) + 1));
        given().cookie(COOKIE, admin.cookie()).get("/casework/api/me").then().statusCode(200)
                .body("role", equalTo("admin"));
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        String wrong = StaffClient.password(staff.username(), "not the password").then().statusCode(200)
                .extract().asString();
        String unknown = StaffClient.password("nobody-" + staff.username(), "not the password").then()
                .statusCode(200).extract().asString();
        assertEquals(wrong, unknown);
        assertTrue(wrong.contains("The sign-in details were not recognised"));
    }

    @Test
    void firstSignInEnrolsTheSecondFactorAndRecoveryCodesWorkOnce() throws Throwable {
        String username = "enrol-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        VertxContextSupport.subscribeAndAwait(() -> auth.createAccount(username, "caseworker", "enrol passphrase 123"));
        Response first = StaffClient.password(username, "enrol passphrase 123");
        first.then().statusCode(303).header("Location", containsString("/casework/login/enrol"));
        String half = first.getCookie(COOKIE);
        String page = given().cookie(COOKIE, half).get("/casework/login/enrol").then().statusCode(200)
                .extract().asString();
        Matcher secret = Pattern.compile("data-totp-secret>([A-Z2-7]+)<").matcher(page);
        assertTrue(secret.find());
        byte[] key = org.haven.testing.Base32.decode(secret.group(1));
        Response enrolled = given().cookie(COOKIE, half)
                .formParam("code", Totp.code(key, Totp.step(System.currentTimeMillis() / 1000)))
                .post("/casework/login/enrol");
        enrolled.then().statusCode(200).body(containsString("Your recovery codes"));
        List<String> codes = new java.util.ArrayList<>();
        Matcher code = Pattern.compile("<li><code>([a-z2-7]{8}-[a-z2-7]{8})</code></li>").matcher(enrolled.asString());
        while (code.find()) {
            codes.add(code.group(1));
        }
        assertEquals(10, codes.size());
        given().cookie(COOKIE, enrolled.getCookie(COOKIE)).get("/casework").then().statusCode(200);

        String again = StaffClient.password(username, "enrol passphrase 123").getCookie(COOKIE);
        StaffClient.secondFactor(again, codes.get(3).toUpperCase(java.util.Locale.ROOT)).then().statusCode(303);
        String third = StaffClient.password(username, "enrol passphrase 123").getCookie(COOKIE);
        StaffClient.secondFactor(third, codes.get(3)).then().statusCode(200)
                .body(containsString("That code was not recognised"));
    }

    @Test
    void caseworkersCannotReachAdminPagesOrApi() throws Throwable {
        TestStaff caseworker = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = caseworker.signIn(0);
        given().cookie(COOKIE, session.cookie()).get("/casework/admin/accounts").then().statusCode(403)
                .body(not(containsString("t-")));
        given().cookie(COOKIE, session.cookie()).get("/casework/api/admin/accounts").then().statusCode(403);
        given().cookie(COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf()).contentType(ContentType.JSON)
                .body(Map.of("username", "sneaky", "role", "admin", "password", "long enough password"))
                .post("/casework/api/admin/accounts").then().statusCode(403);

        TestStaff admin = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session adminSession = admin.signIn(0);
        given().cookie(COOKIE, adminSession.cookie()).get("/casework/admin/accounts").then().statusCode(200)
                .body(containsString(caseworker.username()));
        String newName = "new-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().cookie(COOKIE, adminSession.cookie()).header("X-CSRF-Token", adminSession.csrf())
                .contentType(ContentType.JSON)
                .body(Map.of("username", newName, "role", "caseworker", "password", "long enough password"))
                .post("/casework/api/admin/accounts").then().statusCode(201);
        given().cookie(COOKIE, adminSession.cookie()).header("X-CSRF-Token", adminSession.csrf())
                .contentType(ContentType.JSON)
                .body(Map.of("username", newName, "role", "caseworker", "password", "long enough password"))
                .post("/casework/api/admin/accounts").then().statusCode(409);
    }

    @Test
    void unauthenticatedRequestsAreTurnedAway() {
        given().redirects().follow(false).get("/casework").then().statusCode(303)
                .header("Location", containsString("/casework/login"));
        given().redirects().follow(false).get("/casework/admin/accounts").then().statusCode(303);
        given().get("/casework/api/me").then().statusCode(401);
        given().cookie(COOKIE, "made-up").get("/casework/api/me").then().statusCode(401);
    }

    @Test
    void idleSessionsExpire() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        given().cookie(COOKIE, session.cookie()).get("/casework/api/me").then().statusCode(200);
        execute("update staff_session set last_seen = now() - interval '16 minutes' where account_id = "
                + "(select id from staff_account where username = ?)", staff.username());
        given().cookie(COOKIE, session.cookie()).get("/casework/api/me").then().statusCode(401);
    }

    @Test
    void setupTokenEnrolsTheFirstAdminOnlyWhileThereIsNone() throws Throwable {
        // The test profile seeds demo admins, so no token is issued and an invented one is refused.
        String token = VertxContextSupport.subscribeAndAwait(() -> firstAdmin.issueTokenIfNoAdmin());
        assertEquals(null, token);
        given().formParam("token", "invented").formParam("username", "intruder")
                .formParam("password", "long enough password").formParam("password_again", "long enough password")
                .post("/casework/setup").then().statusCode(200)
                .body(containsString("The setup token was not accepted"));
        assertNotNull(given().get("/casework/setup").then().statusCode(200).extract().asString());
    }

    @Test
    void onAFreshInstallationTheSetupTokenEnrolsExactlyOneFirstAdmin() throws Throwable {
        // Stand in for a fresh installation: no enabled admin (restored afterwards).
        java.util.List<String> disabled = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update staff_account set enabled = false where role = 'admin' and enabled returning username")) {
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    disabled.add(r.getString(1));
                }
            }
        }
        String first = "first-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try {
            // Two replicas start at once and each prints a token: the one printed first must still work.
            String token = VertxContextSupport.subscribeAndAwait(() -> firstAdmin.issueTokenIfNoAdmin());
            String otherReplicas = VertxContextSupport.subscribeAndAwait(() -> firstAdmin.issueTokenIfNoAdmin());
            assertNotNull(token);
            assertNotNull(otherReplicas);
            given().formParam("token", token).formParam("username", first)
                    .formParam("password", "short").formParam("password_again", "short")
                    .post("/casework/setup").then().statusCode(200).body(containsString("at least 12 characters"));
            given().formParam("token", token).formParam("username", first)
                    .formParam("password", "first admin passphrase").formParam("password_again", "first admin passphrase")
                    .post("/casework/setup").then().statusCode(200)
                    .body(containsString("The first admin account is ready"));
            given().formParam("token", token).formParam("username", first + "-again")
                    .formParam("password", "first admin passphrase").formParam("password_again", "first admin passphrase")
                    .post("/casework/setup").then().statusCode(200)
                    .body(containsString("The setup token was not accepted"));
            given().formParam("token", otherReplicas).formParam("username", first + "-other")
                    .formParam("password", "first admin passphrase").formParam("password_again", "first admin passphrase")
                    .post("/casework/setup").then().statusCode(200)
                    .body(containsString("The setup token was not accepted"));
            StaffClient.password(first, "first admin passphrase").then().statusCode(303)
                    .header("Location", containsString("/casework/login/enrol"));
        } finally {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "update staff_account set enabled = true where username = any (?)")) {
                s.setArray(1, c.createArrayOf("text", disabled.toArray()));
                s.executeUpdate();
            }
        }
    }

    @Test
    void secondFactorSecretsAreNotStoredInClear() throws Exception {
        byte[] clear = DemoStaff.totpSecret(DemoStaff.ADMIN);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select totp_secret from staff_account where username = ?")) {
            s.setString(1, DemoStaff.ADMIN);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                byte[] stored = r.getBytes(1);
                assertTrue(stored.length > clear.length, "sealed: iv and tag around the secret");
                assertTrue(java.util.Collections.indexOfSubList(toList(stored), toList(clear)) < 0,
                        "the clear secret is not inside what is stored");
            }
        }
    }

    private static java.util.List<Byte> toList(byte[] bytes) {
        java.util.List<Byte> list = new java.util.ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    @Test
    void delaysGrowWithFailures() {
        java.time.Duration first = java.time.Duration.ofMillis(500);
        assertEquals(java.time.Duration.ofMillis(500), org.haven.casework.account.StaffAuthDelays.after(first, 1));
        assertEquals(java.time.Duration.ofSeconds(2), org.haven.casework.account.StaffAuthDelays.after(first, 3));
        assertEquals(java.time.Duration.ofSeconds(8), org.haven.casework.account.StaffAuthDelays.after(first, 9));
    }

    private void execute(String sql, String username) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, username);
            s.executeUpdate();
        }
    }
}
