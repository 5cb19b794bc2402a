package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Lets tests outside the intake package submit a report sealed to any intake key, as report.js would. */
public final class TestReportsForKey {

    private TestReportsForKey() {
    }

    /** An English harassment report with the given account text, sealed to {@code kid} and submitted. */
    public static void submit(String kid, byte[] publicKey, String account) {
        TestReports.Sealed sealed = TestReports.sealedWith(kid, publicKey, "en", Map.of("crime_type",
                "harassment-threats", "role", "victim", "account", account, "consent", "police"));
        given().contentType(ContentType.JSON).body(TestReports.json(sealed.body())).post("/api/reports")
                .then().statusCode(201);
    }
}
