package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import org.haven.crypto.Base64Url;

/** Lets tests outside the intake package submit a report with chosen answers, sealed as report.js would. */
public final class TestReportsWithAnswers {

    private TestReportsWithAnswers() {
    }

    /** What the reporter of a submitted report holds: the receipt, and the lookup token derived from it. */
    public record Submitted(String receipt, String token) {
    }

    /** Seals {@code answers} (which must include consent) in {@code lang} to the demo intake key and submits it. */
    public static Submitted submit(DemoIntakeKey demoKey, String lang, Map<String, Object> answers) {
        var key = demoKey.keyFile();
        TestReports.Sealed sealed = TestReports.sealedWith(key.kid(), Base64Url.decode(key.publicKey()), lang, answers);
        given().contentType(ContentType.JSON).body(TestReports.json(sealed.body())).post("/api/reports")
                .then().statusCode(201);
        return new Submitted(sealed.receipt(), sealed.token());
    }
}
