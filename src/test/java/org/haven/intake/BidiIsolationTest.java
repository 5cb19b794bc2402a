package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Latin-script text on right-to-left pages is isolated: the organisation's name inside a sentence, a place
 * name the reporter typed, the receipt digits.
 */
@QuarkusTest
class BidiIsolationTest {

    /** Browsers send forms as UTF-8 without naming a charset. */
    private static final io.restassured.config.RestAssuredConfig AS_A_BROWSER = io.restassured.config.RestAssuredConfig
            .config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                    .defaultCharsetForContentType("UTF-8", "application/x-www-form-urlencoded")
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Test
    void organisationNameInsideAnArabicSentenceIsIsolated() {
        given().get("/ar/").then().statusCode(200)
                .body(containsString("\u2068Haven demo advocacy service\u2069"))
                .body(containsString("<bdi>"));
    }

    @Test
    void typedPlaceNameOnTheArabicReviewPageTakesItsOwnDirection() {
        given().config(AS_A_BROWSER).formParam("submission_key", TestReports.submissionKey())
                .formParam("crime_type", "other-theft").formParam("role", "victim")
                .formParam("account", "سرقوا حقيبتي.").formParam("consent", "record")
                .formParam("where_place", "Market St.")
                .post("/ar/report/review").then().statusCode(200)
                .body(containsString("<span class=\"review-answer\" dir=\"auto\">Market St.</span>"));
    }

    @Test
    void receiptDigitsReadLeftToRightOnRightToLeftPages() {
        given().get("/ar/report").then().body(containsString("<p class=\"receipt\" dir=\"ltr\" data-receipt>"));
        given().get("/ar/mailbox").then().body(containsString("dir=\"ltr\" class=\"input-receipt\""));
    }
}
