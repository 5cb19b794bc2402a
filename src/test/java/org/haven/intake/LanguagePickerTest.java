package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;

/** The language picker: every ready language by its own name, marked up in its own language and direction. */
@QuarkusTest
class LanguagePickerTest {

    private static final Pattern LINK = Pattern.compile(
            "<a href=\"(/[a-z]+/[a-z]*)\" lang=\"([a-z]+)\" hreflang=\"([a-z]+)\" dir=\"(ltr|rtl)\">([^<]+)</a>");

    @Test
    void landingListsEveryOtherLanguageInItsOwnLanguageAndDirection() {
        String html = given().get("/en/").then().statusCode(200).extract().asString();
        List<String> tags = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            assertEquals(m.group(2), m.group(3));
            assertEquals("/" + m.group(2) + "/", m.group(1));
            assertEquals(Locales.direction(m.group(2)), m.group(4));
            tags.add(m.group(2));
        }
        assertEquals(Locales.SUPPORTED.stream().filter(tag -> !tag.equals("en")).toList(), tags);
        assertTrue(html.contains("<span aria-current=\"true\" lang=\"en\" dir=\"ltr\">English</span>"));
        assertTrue(html.contains("<a href=\"/ar/\" lang=\"ar\" hreflang=\"ar\" dir=\"rtl\">العربية</a>"));
    }

    @Test
    void otherPagesLinkToThePickerWhichLeadsBackToTheSamePage() {
        given().get("/ar/report").then().statusCode(200)
                .body(containsString("href=\"/ar/languages?from=report\""))
                .body(not(containsString("class=\"language-list\"")));
        given().get("/ar/languages?from=report").then().statusCode(200)
                .body(containsString("<html lang=\"ar\" dir=\"rtl\">"))
                .body(containsString("<a href=\"/en/report\" lang=\"en\" hreflang=\"en\" dir=\"ltr\">English</a>"));
        given().get("/en/mailbox").then().body(containsString("href=\"/en/languages?from=mailbox\""));
    }

    @Test
    void browsersAskingForKurdishOrDariGetTheBundleWritten() {
        for (String[] ask : new String[][] {{"ku", "kmr"}, {"ku-Latn-TR", "kmr"}, {"ku-Arab-IQ", "ckb"},
                {"ckb", "ckb"}, {"prs-AF", "fa"}, {"ti-ER", "ti"}, {"pa-Arab, ur;q=0.8", "ur"}}) {
            given().redirects().follow(false).header("Accept-Language", ask[0]).get("/").then().statusCode(303)
                    .header("Location", containsString("/" + ask[1] + "/"));
        }
    }

    @Test
    void pickerNeverLeadsOffTheReporterPages() {
        given().get("/en/languages?from=//evil.example/x").then().statusCode(200)
                .body(containsString("<a href=\"/ar/\""))
                .body(not(containsString("evil")));
        given().get("/xx/languages").then().statusCode(404);
    }

    @Test
    void unreviewedTranslationsSayTheyAreUnreviewed() {
        for (String tag : Locales.SUPPORTED) {
            if (!Locales.reviewed(tag)) {
                given().get("/" + tag + "/report").then().statusCode(200)
                        .body(containsString("class=\"translation-note\""));
            }
        }
        given().get("/en/").then().body(not(containsString("class=\"translation-note\"")));
    }
}
