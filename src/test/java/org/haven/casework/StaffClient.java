package org.haven.casework;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.casework.account.DemoStaff;
import org.haven.crypto.Totp;

/** Signs staff in over HTTP exactly as a browser would, for REST Assured tests. */
public final class StaffClient {

    public static final String COOKIE = "haven-staff";
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    private StaffClient() {
    }

    /** A signed-in session: the cookie value and the CSRF token its pages carry. */
    public record Session(String cookie, String csrf) {
    }

    public static Response password(String username, String password) {
        return given().redirects().follow(false).formParam("username", username).formParam("password", password)
                .post("/casework/login");
    }

    public static Response secondFactor(String halfCookie, String code) {
        return given().redirects().follow(false).cookie(COOKIE, halfCookie).formParam("code", code)
                .post("/casework/login/second-factor");
    }

    /** The current code of a demo account, for the step after the last one used (no replays). */
    public static String code(String username, long offsetSteps) {
        return Totp.code(DemoStaff.totpSecret(username), Totp.step(Instant.now().getEpochSecond()) + offsetSteps);
    }

    public static Session signIn(String username, String password, String code) {
        Response first = password(username, password);
        if (first.statusCode() != 303) {
            throw new AssertionError("password refused for " + username);
        }
        Response second = secondFactor(first.getCookie(COOKIE), code);
        if (second.statusCode() != 303) {
            throw new AssertionError("second factor refused for " + username);
        }
        String cookie = second.getCookie(COOKIE);
        return new Session(cookie, csrfOf(cookie));
    }

    public static String csrfOf(String cookie) {
        String home = given().cookie(COOKIE, cookie).get("/casework").then().statusCode(200).extract().asString();
        Matcher m = CSRF.matcher(home);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the staff home page");
        }
        return m.group(1);
    }
}
