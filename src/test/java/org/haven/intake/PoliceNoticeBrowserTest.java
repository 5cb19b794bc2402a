package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Haven's own "passed to police" notice in the reporter's mailbox, sealed as the outbox seals it when a force
 * accepts: read in the reporter's language with JavaScript (opened in the browser) and without (opened by the
 * server with the typed receipt), with and without a police reference; caseworkers read it through its copy.
 */
@QuarkusTest
class PoliceNoticeBrowserTest extends BrowserTest {

    private static final Instant SENT = Instant.parse("2026-03-14T10:00:00Z");

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StaffAuth auth;

    @Test
    void withJavaScriptTheNoticeOpensInTheBrowserInEnglishAndArabic() throws Exception {
        TestReportsWithAnswers.Submitted report = reportToldByHaven("MET/2026/0042");
        browser = Chromium.start(true);
        assertNotice("en", report.receipt(), "Passed to the police on " + day("en") + ". Police reference: MET/2026/0042");
        Chromium.screenshot(browser, "police-notice-en-js");
        assertNotice("ar", report.receipt(), "أُرسل بلاغك إلى الشرطة في " + day("ar") + ". الرقم المرجعي لدى الشرطة: MET/2026/0042");
        Chromium.screenshot(browser, "police-notice-ar-js");
    }

    @Test
    void withoutJavaScriptTheServerOpensTheNoticeWithTheReceipt() throws Exception {
        TestReportsWithAnswers.Submitted report = reportToldByHaven("CAD 77-1");
        browser = Chromium.start(false);
        assertNotice("en", report.receipt(), "Passed to the police on " + day("en") + ". Police reference: CAD 77-1");
        Chromium.screenshot(browser, "police-notice-en-nojs");
        assertNotice("ar", report.receipt(), "أُرسل بلاغك إلى الشرطة في " + day("ar") + ". الرقم المرجعي لدى الشرطة: CAD 77-1");
        Chromium.screenshot(browser, "police-notice-ar-nojs");
    }

    @Test
    void aNoticeWithoutAPoliceReferenceSaysOnlyWhen() throws Exception {
        TestReportsWithAnswers.Submitted report = reportToldByHaven(null);
        for (boolean javascript : new boolean[] {true, false}) {
            browser = Chromium.start(javascript);
            String text = assertNotice("en", report.receipt(), "Passed to the police on " + day("en") + ".");
            assertFalse(text.contains("reference"), text);
            assertFalse(text.contains("locked"), text);
            browser.quit();
            browser = null;
        }
    }

    @Test
    void caseworkersReadTheNoticeThroughItsCopySealedToTheIntakeKey() throws Throwable {
        TestReportsWithAnswers.Submitted report = reportToldByHaven("MET/1");
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session session = staff.signIn(0);
        JsonPath messages = given().cookie(StaffClient.COOKIE, session.cookie())
                .get("/casework/api/reports/" + reportId(report) + "/messages").then().statusCode(200).extract().jsonPath();
        assertEquals("haven", messages.getString("[0].sender"));
        Envelope copy = Envelope.parse(messages.getString("[0].envelope"));
        assertEquals(demoKey.keyFile().kid(), copy.kid());
        String plaintext = new String(Envelopes.open(copy, Purpose.REPLY, demoKey.keyFile().privateKeyBytes()),
                StandardCharsets.UTF_8);
        assertTrue(plaintext.contains("\"reference\":\"MET/1\""), plaintext);
    }

    /** A report with one Haven notice in its mailbox, sealed exactly as OutboxWorker.notice seals it. */
    private TestReportsWithAnswers.Submitted reportToldByHaven(String reference) throws Exception {
        TestReportsWithAnswers.Submitted report = TestReportsWithAnswers.submit(demoKey, "en", Map.of(
                "crime_type", "robbery", "role", "victim", "account", "notice " + UUID.randomUUID(), "consent", "police"));
        TestNotices.insert(dataSource, demoKey, reportId(report), "metropolitan", reference, SENT);
        return report;
    }

    private String assertNotice(String lang, String receipt, String expected) {
        browser.get(url("/" + lang + "/mailbox"));
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        By notice = By.cssSelector(".message--service .message-text");
        try {
            // The reference sits between Unicode isolates (FSI, PDI) so it keeps its order in Arabic text.
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElement(notice).getText()
                    .replace("\u2068", "").replace("\u2069", "").equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("notice reads: " + browser.findElement(notice).getText() + "\nconsole:\n"
                    + Chromium.console(browser), e);
        }
        return browser.findElement(By.cssSelector(".message--service")).getText();
    }

    private static String day(String lang) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(lang)).withZone(ZoneOffset.UTC).format(SENT);
    }

    private UUID reportId(TestReportsWithAnswers.Submitted report) throws Exception {
        return TestNotices.reportId(dataSource, receiptTokens, report.token());
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
