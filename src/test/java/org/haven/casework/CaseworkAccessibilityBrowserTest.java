package org.haven.casework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.Axe;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.keys.DemoStaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestNotices;
import org.haven.intake.TestReportsWithAnswers;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core finds no WCAG 2.2 A/AA violation (target-size included) on the casework pages in English — sign-in,
 * second factor, inbox, a case with its conversation, notes and referral composer, the admin pages, audit and
 * statistics — nor on the reporter's signed-in mailbox, with messages, in every language. Keeps a screenshot of
 * each (target/screenshots/a11y-staff-*, a11y-*-mailbox-signed-in).
 */
@QuarkusTest
class CaseworkAccessibilityBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyCaseworkPageInEnglishHasNoAxeViolations() throws Exception {
        String words = "Two men shouted at me and pushed me. canary-" + UUID.randomUUID();
        TestReportsWithAnswers.Submitted report = TestReportsWithAnswers.submit(demoKey, "ar", Map.of(
                "crime_type", "hate-incident", "hate_strands", List.of("race"), "role", "victim",
                "where_force", "metropolitan", "where_precision", "area", "where_place", "محطة الحافلات",
                "account", words, "consent", "police"));
        TestNotices.insert(dataSource, demoKey, TestNotices.reportId(dataSource, receiptTokens, report.token()),
                "metropolitan", "MET/1/26", Instant.now().truncatedTo(ChronoUnit.HOURS));
        List<String> violations = new ArrayList<>();
        browser = Chromium.start(true);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        browser.get(url("/casework/login"));
        check(violations, "sign-in");
        // The harness sees a violation when there is one: a button with no name.
        browser.executeScript("document.querySelector('main').append(document.createElement('button'));");
        assertTrue(Axe.violations(browser).stream().anyMatch(v -> v.startsWith("button-name")));
        browser.navigate().refresh();
        browser.findElement(By.id("username")).sendKeys(DemoStaff.CASEWORKER);
        browser.findElement(By.id("password")).sendKeys(DemoStaff.CASEWORKER_PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        check(violations, "second-factor");
        browser.findElement(By.id("code")).sendKeys(StaffBrowser.freshCode(dataSource, DemoStaff.CASEWORKER,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER)));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(20).until(ExpectedConditions.urlToBe(url("/casework")));
        check(violations, "home");

        browser.get(url("/casework/inbox"));
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")));
        check(violations, "unlock");
        browser.findElement(By.id("passphrase")).sendKeys(DemoStaffKeys.PASSPHRASE);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr button")));
        check(violations, "inbox");

        StaffBrowser.openCase(browser, words);
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-messages"), "MET/1/26"));
        browser.findElement(By.id("reply")).sendKeys("Thank you for telling us. We will write again soon.");
        browser.findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        wait(20).until(driver -> driver.findElements(By.cssSelector("#case-messages .message--caseworker")).size() > 0);
        browser.findElement(By.id("note")).sendKeys("Called the hate crime line; they will follow up.");
        browser.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        wait(20).until(driver -> driver.findElements(By.cssSelector("#case-notes li")).size() > 0);
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
        check(violations, "case");

        browser.get(url("/casework/stats"));
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(DemoStaffKeys.PASSPHRASE);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        wait(60).until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-unlock")));
        Thread.sleep(1000);
        check(violations, "stats");
        browser.quit();

        browser = Chromium.start(true);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.ADMIN, DemoStaff.ADMIN_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.ADMIN));
        for (String page : List.of("admin/accounts", "admin/keys", "admin/forces", "admin/forces/metropolitan",
                "admin/audit")) {
            browser.get(url("/casework/" + page));
            Thread.sleep(1000); // these pages fill in from the API
            check(violations, page.replace('/', '-'));
        }
        Files.write(Path.of("target", "axe-violations-casework.txt"), violations);
        assertEquals(List.of(), violations);
    }

    @Test
    void theSignedInMailboxWithMessagesInEveryLanguageHasNoAxeViolations() throws Exception {
        TestReportsWithAnswers.Submitted report = TestReportsWithAnswers.submit(demoKey, "en", Map.of(
                "crime_type", "robbery", "role", "victim", "account", "mailbox " + UUID.randomUUID(),
                "consent", "police"));
        TestNotices.insert(dataSource, demoKey, TestNotices.reportId(dataSource, receiptTokens, report.token()),
                "metropolitan", "MET/2/26", Instant.now().truncatedTo(ChronoUnit.HOURS));
        browser = Chromium.start(true);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(360, 800));
        List<String> violations = new ArrayList<>();
        for (String lang : Locales.SUPPORTED) {
            browser.get(url("/" + lang + "/mailbox"));
            browser.findElement(By.id("receipt")).sendKeys(report.receipt());
            browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
            wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("message-form")));
            if (lang.equals("en")) {
                browser.findElement(By.id("message")).sendKeys("Thank you. I can talk on Tuesdays.");
                browser.findElement(By.cssSelector("#message-form button[type=submit]")).click();
                wait(30).until(driver -> driver.findElements(By.cssSelector(".message--reporter")).size() > 0);
            }
            wait(30).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".message-sealed")));
            Axe.violations(browser).forEach(v -> violations.add(lang + " mailbox-signed-in: " + v));
            Chromium.screenshot(browser, "a11y-" + lang + "-mailbox-signed-in");
        }
        Files.write(Path.of("target", "axe-violations-mailbox.txt"), violations);
        assertEquals(List.of(), violations);
    }

    private void check(List<String> violations, String page) {
        Axe.violations(browser).forEach(v -> violations.add("staff " + page + ": " + v));
        Chromium.screenshot(browser, "a11y-staff-" + page);
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
