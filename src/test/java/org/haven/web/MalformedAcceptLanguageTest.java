package org.haven.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A browser, extension or privacy tool that sends a malformed Accept-Language header must not lock a reporter
 * out: found by SeizedServerIT, where Chromium's own header (a language list with a weight it appended twice)
 * turned the report form into a 400 error page.
 */
@QuarkusTest
class MalformedAcceptLanguageTest {

    private static final List<String> MALFORMED = List.of("en-GB,en;q=0.8;q=0.9", "en;q=abc", ";;;", "en;q=2",
            "ar;q=0.5;x=1", "en-GB,,en");

    @Test
    void reporterPagesOpenWhateverAMalformedAcceptLanguageSays() {
        for (String header : MALFORMED) {
            given().header("Accept-Language", header).get("/en/report").then().statusCode(200)
                    .body(containsString("name=\"submission_key\""));
            given().header("Accept-Language", header).get("/ar/mailbox").then().statusCode(200)
                    .body(containsString("dir=\"rtl\""));
            given().header("Accept-Language", header).redirects().follow(false).get("/").then().statusCode(303)
                    .header("Location", endsWith("/en/"));
        }
    }

    @Test
    void aWellFormedHeaderStillChoosesTheLanguage() {
        given().header("Accept-Language", "de-DE, ar-SY;q=0.9, en;q=0.1").redirects().follow(false).get("/").then()
                .statusCode(303).header("Location", endsWith("/ar/"));
    }

    @Test
    void wellFormedIsRfc9110LanguageRangesWithOneWeightEach() {
        for (String good : List.of("en", "*", "ar-SY,ar;q=0.9", "en-GB, en;q=0.8, *;q=0.1", "zh-Hant-TW;Q=1.000")) {
            assertTrue(AcceptLanguageHygiene.wellFormed(good), good);
        }
        for (String bad : MALFORMED) {
            assertFalse(AcceptLanguageHygiene.wellFormed(bad), bad);
        }
    }
}
