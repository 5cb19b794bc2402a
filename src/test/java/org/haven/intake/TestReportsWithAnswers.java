package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import org.haven.crypto.Base64Url;

/** Lets tests outside the intake package submit a report with chosen answers, sealed as report.js would. */
public final class TestReportsWithAnswers {

    private TestReportsWithAnswers() {
    }

    /** Seals {@code answers} (which must include consent) in {@code lang} to the demo intake key and submits it. */
    public static void submit(DemoIntakeKey demoKey, String lang, Map<String, Object> answers) {
        var key = demoKey.keyFile();
        TestReports.Sealed sealed = TestReports.sealedWith(key.kid(), Base64Url.decode(key.publicKey()), lang, answers);
        given().contentType(ContentType.JSON).body(TestReports.json(sealed.body())).post("/api/reports")
                .then().statusCode(201);
    }
}
