package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.tools.StoredReports;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole reporter path in real headless Chromium, with and without JavaScript, in English and Arabic:
 * what is typed is what the holder of the intake private key reads, and nothing else.
 */
@QuarkusTest
class ReportBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void englishReportIsSealedInTheBrowserAndOpensWithTheIntakeKey() throws Exception {
        browser = Chromium.start(true);
        String account = "A man pushed me at the bus stop and took my bag. canary-" + UUID.randomUUID();
        Map<String, Object> expected = fillForm("en", "Market Street, Leeds", account);
        Chromium.screenshot(browser, "intake-en-form-filled");
        continueToReview();
        Chromium.screenshot(browser, "intake-en-review-js");
        assertTrue(browser.findElement(By.id("js-review")).getText().contains("Market Street, Leeds"));
        String receipt = sendAndReadReceipt("intake-en-confirmation-js");

        Map<String, Object> answers = openedAnswers(account, "en");
        assertEquals(expected, answers);

        openMailbox("en", receipt);
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Received"));
        Chromium.screenshot(browser, "intake-en-mailbox-js");
    }

    @Test
    void arabicReportRoundTripsExactlyWhatWasTyped() throws Exception {
        browser = Chromium.start(true);
        String account = "ضربني رجل قرب محطة Victoria وأخذ هاتفي. canary-" + UUID.randomUUID();
        Map<String, Object> expected = fillForm("ar", "شارع Oxford، لندن", account);
        assertEquals("rtl", browser.findElement(By.tagName("html")).getAttribute("dir"));
        Chromium.screenshot(browser, "intake-ar-form-filled");
        continueToReview();
        Chromium.screenshot(browser, "intake-ar-review-js");
        String receipt = sendAndReadReceipt("intake-ar-confirmation-js");

        assertEquals(expected, openedAnswers(account, "ar"));
        openMailbox("ar", receipt);
        Chromium.screenshot(browser, "intake-ar-mailbox-js");
        String arabicStatus = org.haven.web.Messages.load("messages/msg_ar.properties").getProperty("status.new");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains(arabicStatus));
    }

    @Test
    void withoutJavaScriptTheServerSealsTheSameReport() throws Exception {
        browser = Chromium.start(false);
        String account = "Without JavaScript: my employer kept my wages. canary-" + UUID.randomUUID();
        Map<String, Object> expected = fillForm("en", "An area of Bristol", account);
        Chromium.screenshot(browser, "intake-en-form-nojs");
        browser.findElement(By.id("continue")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/report/review"));
        Chromium.screenshot(browser, "intake-en-review-nojs");
        browser.findElement(By.cssSelector("form[action$='/report/send'] button[type=submit]")).click();
        WebElement receiptElement = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-receipt]")));
        String receipt = receiptElement.getText();
        assertTrue(receipt.matches("\\d{4} \\d{4} \\d{4} \\d{4}"), receipt);
        Chromium.screenshot(browser, "intake-en-confirmation-nojs");

        assertEquals(expected, openedAnswers(account, "en"));
        openMailbox("en", receipt);
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Received"));
        Chromium.screenshot(browser, "intake-en-mailbox-nojs");
    }

    @Test
    void errorsAreSummarisedFocusedAndKeepWhatWasTyped() {
        browser = Chromium.start(true);
        browser.get(url("/en/report"));
        browser.findElement(By.id("where_place")).sendKeys("Kept place");
        browser.findElement(By.id("continue")).click();
        WebElement summary = browser.findElement(By.id("js-error-summary"));
        assertTrue(summary.isDisplayed());
        assertEquals("js-error-summary", browser.switchTo().activeElement().getAttribute("id"));
        assertTrue(summary.getText().contains("Choose what kind of crime it was"));
        assertEquals("Kept place", browser.findElement(By.id("where_place")).getAttribute("value"));
        Chromium.screenshot(browser, "intake-en-errors-js");
        summary.findElement(By.linkText("Tell us what happened, in your own words")).click();
        assertEquals("account", browser.switchTo().activeElement().getAttribute("id"));
    }

    @Test
    void quickExitBlanksThePageAndReplacesItInHistory() {
        browser = Chromium.start(true);
        browser.get(url("/en/"));
        browser.get(url("/en/report"));
        browser.findElement(By.id("where_place")).sendKeys("something private");
        new Actions(browser).sendKeys(Keys.SHIFT).sendKeys(Keys.SHIFT).sendKeys(Keys.SHIFT).perform();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !driver.getCurrentUrl().startsWith(base.toString()));
        browser.navigate().back();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(url("/en/")));
        assertFalse(browser.getPageSource().contains("something private"));
    }

    @Test
    void typingCapitalLettersNeverTriggersQuickExit() {
        browser = Chromium.start(true);
        browser.get(url("/en/report"));
        browser.findElement(By.id("where_place")).sendKeys("ABC DEF GHI");
        assertEquals("ABC DEF GHI", browser.findElement(By.id("where_place")).getAttribute("value"));
        assertTrue(browser.getCurrentUrl().startsWith(base.toString()));
    }

    private Map<String, Object> fillForm(String lang, String place, String account) {
        browser.get(url("/" + lang + "/report"));
        WebDriver d = browser;
        choose("crime_type-robbery");
        choose("role-victim");
        choose("when_kind-exact");
        d.findElement(By.id("when_date")).sendKeys(Keys.chord(""));
        browser.executeScript("document.getElementById('when_date').value = '2026-10-03'");
        choose("when_time-evening");
        d.findElement(By.id("where_place")).sendKeys(place);
        new Select(d.findElement(By.id("where_force"))).selectByValue("west-yorkshire");
        choose("where_kind-street");
        choose("where_precision-street");
        choose("offender_count-one");
        choose("offender_known-stranger");
        choose("offender_age-26-40");
        d.findElement(By.id("offender_description")).sendKeys("Grey hoodie, scar on left hand");
        choose("harm-injured");
        choose("harm-property-stolen");
        d.findElement(By.id("account")).sendKeys(account);
        choose("consent-police");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("crime_type", "robbery");
        expected.put("role", "victim");
        expected.put("when_kind", "exact");
        expected.put("when_date", "2026-10-03");
        expected.put("when_time", "evening");
        expected.put("where_place", place);
        expected.put("where_force", "west-yorkshire");
        expected.put("where_kind", "street");
        expected.put("where_precision", "street");
        expected.put("offender_count", "one");
        expected.put("offender_known", "stranger");
        expected.put("offender_age", "26-40");
        expected.put("offender_description", "Grey hoodie, scar on left hand");
        expected.put("harm", List.of("injured", "property-stolen"));
        expected.put("account", account);
        expected.put("consent", "police");
        return expected;
    }

    private void choose(String id) {
        // Click the label, as a person would; the input itself is visually covered by it.
        browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private void continueToReview() {
        browser.findElement(By.id("continue")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-review")));
        assertEquals("js-review", browser.switchTo().activeElement().getAttribute("id"));
    }

    private String sendAndReadReceipt(String screenshot) {
        browser.findElement(By.id("js-send")).click();
        WebElement confirmation = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-confirmation")));
        String receipt = confirmation.findElement(By.cssSelector("[data-receipt]")).getText();
        assertTrue(receipt.matches("\\d{4} \\d{4} \\d{4} \\d{4}"), receipt);
        Chromium.screenshot(browser, screenshot);
        return receipt;
    }

    private void openMailbox(String lang, String receipt) {
        browser.get(url("/" + lang + "/mailbox"));
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[name=consent]")));
    }

    private Map<String, Object> openedAnswers(String account, String lang) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            List<StoredReports.Opened> opened = StoredReports.withAccount(c, demoKey.keyFile().kid(),
                    demoKey.keyFile().privateKeyBytes(), account);
            assertEquals(1, opened.size(), "exactly one stored report with this account");
            assertEquals(lang, opened.get(0).lang());
            assertEquals("police", opened.get(0).consent());
            return opened.get(0).answers();
        }
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
