package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import org.haven.crypto.Base64Url;

/** Lets tests outside the intake package submit a sealed report as report.js would. */
public final class TestReportsBridge {

    private TestReportsBridge() {
    }

    /**
     * An Arabic bicycle-theft report with the given account text, sealed to the demo key and submitted.
     *
     * @return its lookup token (base64url), which finds the stored row through {@link ReceiptTokens#hash}
     */
    public static String submit(DemoIntakeKey demoKey, String account) {
        return submit(demoKey, account, java.util.List.of());
    }

    /** As {@link #submit(DemoIntakeKey, String)}, binding the uploads these claims name ({@code {id, token}}). */
    public static String submit(DemoIntakeKey demoKey, String account, java.util.List<Map<String, String>> attachments) {
        var key = demoKey.keyFile();
        TestReports.Sealed sealed = TestReports.sealedWith(key.kid(), Base64Url.decode(key.publicKey()), "ar",
                Map.of("crime_type", "bicycle-theft", "role", "victim", "account", account, "consent", "police",
                        "where_force", "metropolitan"));
        Map<String, Object> body = new java.util.LinkedHashMap<>(sealed.body());
        if (!attachments.isEmpty()) {
            body.put("attachments", attachments);
        }
        given().contentType(ContentType.JSON).body(TestReports.json(body)).post("/api/reports")
                .then().statusCode(201);
        return sealed.token();
    }
}
