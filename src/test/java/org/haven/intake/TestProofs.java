package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.LinkedHashMap;
import java.util.Map;

/** What proof.js does, in Java: fetch a challenge from the Haven under test and solve it. */
final class TestProofs {

    private TestProofs() {
    }

    /** A challenge for {@code purpose} as served: challenge, difficulty, expires. */
    static JsonPath challenge(String purpose) {
        return given().queryParam("for", purpose).get("/api/challenge").then().statusCode(200).extract().jsonPath();
    }

    /** {@code body} with a freshly fetched and solved challenge for {@code purpose}. */
    static Map<String, Object> proven(Map<String, Object> body, String purpose) {
        JsonPath issued = challenge(purpose);
        String challenge = issued.getString("challenge");
        return with(body, challenge, solve(challenge, issued.getInt("difficulty")));
    }

    static Map<String, Object> with(Map<String, Object> body, String challenge, String solution) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("challenge", challenge);
        copy.put("solution", solution);
        return copy;
    }

    /** The first counter whose work has at least {@code bits} leading zero bits. */
    static String solve(String challenge, int bits) {
        return org.haven.testing.ProofOfWork.solve(challenge, bits);
    }

    /** A counter whose work falls short of {@code bits}: a solution that did not do the work. */
    static String shortOf(String challenge, int bits) {
        for (long n = 0;; n++) {
            if (Challenges.leadingZeroBits(Challenges.work(challenge, Long.toString(n))) < bits) {
                return Long.toString(n);
            }
        }
    }
}
