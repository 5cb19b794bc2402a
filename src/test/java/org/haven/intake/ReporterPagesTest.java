package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.tools.StoredReports;
import org.junit.jupiter.api.Test;

/** The reporter's pages without JavaScript: every step is a plain form post. */
@QuarkusTest
class ReporterPagesTest {

    private static final Pattern RECEIPT = Pattern.compile("data-receipt>(\\d{4} \\d{4} \\d{4} \\d{4})<");
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]{43})\"");

    /** Browsers send forms as UTF-8 without naming a charset; REST Assured would otherwise send Latin-1. */
    static final io.restassured.config.RestAssuredConfig AS_A_BROWSER = io.restassured.config.RestAssuredConfig
            .config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                    .defaultCharsetForContentType("UTF-8", "application/x-www-form-urlencoded")
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void rootRedirectsByAcceptLanguage() {
        given().redirects().follow(false).header("Accept-Language", "ar-EG,ar;q=0.9,en;q=0.5").get("/")
                .then().statusCode(303).header("Location", containsString("/ar/"));
        given().redirects().follow(false).header("Accept-Language", "de-DE, nl;q=0.8").get("/")
                .then().statusCode(303).header("Location", containsString("/en/"));
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/en/"));
    }

    @Test
    void pagesDeclareLanguageAndDirection() {
        given().get("/ar/").then().statusCode(200)
                .body(containsString("<html lang=\"ar\" dir=\"rtl\">"))
                .body(containsString("العربية"));
        given().get("/en/report").then().statusCode(200)
                .body(containsString("<html lang=\"en\" dir=\"ltr\">"));
    }

    @Test
    void unknownLanguageIsAFriendlyNotFoundPage() {
        given().get("/xx/report").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("Page not found")).body(not(containsString("Exception")));
    }

    @Test
    void everyReporterResponseCarriesTheHygieneHeaders() {
        for (String path : List.of("/en/", "/ar/report", "/en/mailbox", "/css/haven.css", "/js/reporter.js", "/xx/")) {
            given().get(path).then()
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Permissions-Policy", containsString("geolocation=()"))
                    .header("X-Robots-Tag", containsString("noindex"))
                    .header("Set-Cookie", nullValue());
        }
        given().get("/en/report").then().header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void pagesLoadNothingFromAnotherOrigin() {
        for (String path : List.of("/en/", "/ar/", "/en/report", "/ar/report", "/en/mailbox")) {
            String html = given().get(path).then().statusCode(200).extract().asString();
            Matcher m = Pattern.compile("(?:src|href|action)=\"([^\"]*)\"").matcher(html);
            while (m.find()) {
                String url = m.group(1);
                boolean quickExit = html.contains("data-quick-exit") && url.startsWith("https://www.bbc.co.uk/");
                if (!quickExit && !url.equals("data:,")) {
                    assertEquals(true, url.startsWith("/") && !url.startsWith("//") || url.startsWith("#"),
                            path + " refers to " + url);
                }
            }
            assertEquals(false, html.contains("<script>") || html.contains(" style=\""), path + " has inline code");
        }
    }

    @Test
    void missingAnswersShowAnErrorSummaryAndKeepWhatWasTyped() {
        String account = "kept-text-" + UUID.randomUUID();
        given().formParam("submission_key", TestReports.submissionKey())
                .formParam("account", account)
                .formParam("where_place", "Market <Street>")
                .post("/en/report/review").then().statusCode(200)
                .body(containsString("class=\"error-summary\""))
                .body(containsString("href=\"#crime_type-violence\""))
                .body(containsString("Choose what kind of crime it was"))
                .body(containsString(account))
                .body(containsString("value=\"Market &lt;Street&gt;\""))
                .body(containsString("<title>Error:"));
        given().formParam("account", "x").post("/ar/report/review").then().statusCode(200)
                .body(containsString("class=\"error-summary\""))
                .body(not(containsString("Choose what kind of crime it was")));
    }

    @Test
    void rejectsFutureDatesAndBadOptions() {
        given().formParam("crime_type", "made-up").formParam("role", "victim").formParam("account", "a")
                .formParam("consent", "police").formParam("when_date", "2999-01-01")
                .post("/en/report/review").then().statusCode(200)
                .body(containsString("Choose one of the options shown"))
                .body(containsString("The date must be today or in the past"));
    }

    @Test
    void noJavaScriptReportIsSealedStoredAndOpensWithTheIntakeKey() throws Exception {
        String account = "Someone shouted at me outside the shop. " + UUID.randomUUID();
        String key = TestReports.submissionKey();
        Response review = given().formParam("submission_key", key)
                .formParam("crime_type", "hate-incident").formParam("hate_strands", "race")
                .formParam("hate_strands", "religion").formParam("role", "witness")
                .formParam("account", account).formParam("consent", "record")
                .formParam("name", "Should Never Be Kept")
                .post("/en/report/review");
        review.then().statusCode(200).body(containsString("Check your report"))
                .body(containsString("Hate crime or hate incident"))
                .body(not(containsString("Should Never Be Kept")));

        String confirmation = given().formParam("submission_key", key)
                .formParam("crime_type", "hate-incident").formParam("hate_strands", "race")
                .formParam("hate_strands", "religion").formParam("role", "witness")
                .formParam("account", account).formParam("consent", "record")
                .formParam("name", "Should Never Be Kept")
                .post("/en/report/send").then().statusCode(200).extract().asString();
        Matcher receipt = RECEIPT.matcher(confirmation);
        assertEquals(true, receipt.find(), "confirmation shows a receipt");

        // A resend of the same form (double click, reload) shows the same receipt and stores nothing new.
        String again = given().formParam("submission_key", key)
                .formParam("crime_type", "hate-incident").formParam("role", "witness")
                .formParam("account", account).formParam("consent", "record")
                .post("/en/report/send").then().statusCode(200).extract().asString();
        Matcher receiptAgain = RECEIPT.matcher(again);
        assertEquals(true, receiptAgain.find());
        assertEquals(receipt.group(1), receiptAgain.group(1));

        try (Connection c = dataSource.getConnection()) {
            List<StoredReports.Opened> opened = StoredReports.withAccount(c, demoKey.keyFile().kid(),
                    demoKey.keyFile().privateKeyBytes(), account);
            assertEquals(1, opened.size());
            assertEquals("hate-incident", opened.get(0).answers().get("crime_type"));
            assertEquals(List.of("race", "religion"), opened.get(0).answers().get("hate_strands"));
            assertEquals(null, opened.get(0).answers().get("name"));
            assertEquals("en", opened.get(0).lang());
            assertEquals("record", opened.get(0).consent());
        }

        // Back with the receipt, typed with Arabic-Indic digits and odd spacing.
        String typed = toArabicIndic(receipt.group(1)).replace(" ", "  -");
        String mailbox = given().config(AS_A_BROWSER).formParam("receipt", typed).post("/ar/mailbox").then().statusCode(200)
                .body(containsString("dir=\"rtl\"")).extract().asString();
        Matcher token = TOKEN.matcher(mailbox);
        assertEquals(true, token.find(), () -> "mailbox page carries the token for the next step: " + mailbox.substring(mailbox.indexOf("<main")));

        given().formParam("token", token.group(1)).formParam("consent", "police").post("/en/mailbox/consent")
                .then().statusCode(200).body(containsString("Your choice has been saved."))
                .body(matchesPattern("(?s).*id=\"consent-police\" name=\"consent\" value=\"police\" checked.*"));

        given().formParam("token", token.group(1)).post("/en/mailbox/withdraw").then().statusCode(200)
                .body(containsString("Are you sure"));
        given().formParam("token", token.group(1)).post("/en/mailbox/withdraw/confirm").then().statusCode(200)
                .body(containsString("Your report has been deleted"));
        given().formParam("receipt", receipt.group(1)).post("/en/mailbox").then().statusCode(200)
                .body(containsString("We could not find a report with this number"));
        try (Connection c = dataSource.getConnection()) {
            assertEquals(0, StoredReports.withAccount(c, demoKey.keyFile().kid(),
                    demoKey.keyFile().privateKeyBytes(), account).size());
        }
    }

    @Test
    void mistypedReceiptKeepsWhatWasTyped() {
        given().formParam("receipt", "1234 5678").post("/en/mailbox").then().statusCode(200)
                .body(containsString("We could not find a report with this number"))
                .body(containsString("value=\"1234 5678\""));
    }

    private static String toArabicIndic(String digits) {
        StringBuilder out = new StringBuilder();
        digits.chars().forEach(ch -> out.append(Character.isDigit(ch) ? (char) ('\u0660' + (ch - '0')) : (char) ch));
        return out.toString();
    }
}
