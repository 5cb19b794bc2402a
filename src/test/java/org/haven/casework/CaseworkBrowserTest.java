package org.haven.casework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.casework.keys.DemoStaffKeys;
import org.haven.casework.keys.GrantPlaintext;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;
import org.haven.crypto.StaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.TestReportsBridge;
import org.haven.intake.TestReportsWithAnswers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Caseworkers in real Chromium: sign in with password and TOTP, make or unlock their key, read reports. */
@QuarkusTest
class CaseworkBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void caseworkerReadsAnArabicReportWithEnglishLabels() throws Exception {
        String account = "سرق رجل دراجتي أمام المكتبة. canary-" + UUID.randomUUID();
        submitArabicReport(account);

        browser = Chromium.start(true);
        StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        browser.get(url("/casework/inbox"));
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")))
                .sendKeys(DemoStaffKeys.PASSPHRASE);
        Chromium.screenshot(browser, "casework-unlock");
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        waitForReports();
        Chromium.screenshot(browser, "casework-inbox");

        openCaseWithAccount(account);
        assertTrue(unlockEntries() > 0, "the unlock is in the audit log");
        String caseText = browser.findElement(By.id("case")).getText();
        assertTrue(caseText.contains("What kind of crime was it? (needed)"), caseText);
        assertTrue(caseText.contains("Bicycle theft"), caseText);
        assertTrue(caseText.contains("Written in Arabic"), caseText);
        assertEquals(account, browser.findElement(By.id("case-account")).getText());
        Chromium.screenshot(browser, "casework-case-arabic-report");
    }

    @Test
    void structuredAnswersReadInEnglishAndTheReportersOwnWordsKeepTheirLanguage() throws Exception {
        Map<String, String> reports = new LinkedHashMap<>();
        reports.put("ar", submitIn("ar", "ساحة السوق قرب المسجد", "صرخ رجلان في وجهي. canary-" + UUID.randomUUID()));
        reports.put("pl", submitIn("pl", "Rynek Główny, przy przystanku", "Dwóch mężczyzn krzyczało na mnie. canary-"
                + UUID.randomUUID()));
        // The Arabic reporter writes a message from their mailbox, in Arabic.
        browser = Chromium.start(true);
        browser.get(url("/ar/mailbox"));
        browser.findElement(By.id("receipt")).sendKeys(receipts.get("ar"));
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).sendKeys("شكرا لكم، أنا بخير الآن.");
        browser.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".message--reporter")));
        browser.quit();

        browser = Chromium.start(true);
        StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        StaffBrowser.unlockInbox(browser, base.toString());
        for (Map.Entry<String, String> report : reports.entrySet()) {
            String lang = report.getKey();
            StaffBrowser.openCase(browser, report.getValue());
            String fields = browser.findElement(By.id("case-fields")).getText();
            for (String english : List.of("Hate crime or hate incident", "Race, skin colour, nationality or where someone is from",
                    "Religion or belief", "I saw it or know about it", "Evening", "1 November 2026", "2 November 2026",
                    "Metropolitan Police")) {
                assertTrue(fields.contains(english), lang + " shows " + english + " in:\n" + fields);
            }
            assertFalse(fields.contains("q."), "no message key: " + fields);
            assertFalse(fields.contains("hate-incident") || fields.contains("2026-11-01"), "no raw code: " + fields);
            // Every structured answer is in the page's English; only what the reporter typed carries their language.
            @SuppressWarnings("unchecked")
            List<String> typed = (List<String>) browser.executeScript("""
                    return [...document.querySelectorAll('#case-fields .review-answer, #case-account')]
                      .filter(e => e.closest('[lang]').lang !== 'en')
                      .map(e => e.lang + ' ' + e.dir + ' ' + e.textContent);""");
            assertEquals(List.of(lang + " auto " + (lang.equals("ar") ? "ساحة السوق قرب المسجد" : "Rynek Główny, przy przystanku"),
                    lang + " auto " + report.getValue()), typed);
            if (lang.equals("ar")) {
                WebElement message = wait(20).until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#case-messages .message--reporter .message-text")));
                assertEquals("شكرا لكم، أنا بخير الآن.", message.getText());
                assertEquals("ar", message.getAttribute("lang"));
                assertEquals("auto", message.getAttribute("dir"));
            }
            Chromium.screenshot(browser, "casework-case-structured-" + lang);
            browser.findElement(By.id("back-to-list")).click();
        }
    }

    @Test
    void caseworkerKeyIsMadeInTheBrowserAndOnlyItsWrappedFormReachesTheServer() throws Throwable {
        TestStaff staff = TestStaff.create(auth, dataSource, "caseworker");
        browser = Chromium.start(true);
        StaffBrowser.signIn(browser, base.toString(), dataSource, staff.username(), staff.password(), staff.totpSecret());
        browser.get(url("/casework/inbox"));
        String passphrase = "my own key passphrase " + UUID.randomUUID();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-passphrase"))).sendKeys(passphrase);
        browser.findElement(By.id("new-passphrase-again")).sendKeys(passphrase);
        Chromium.screenshot(browser, "casework-key-setup");
        browser.findElement(By.cssSelector("#key-setup-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-grants")));

        byte[] publicKey;
        String wrapped;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select k.public_key, k.wrapped_private_key from staff_key k join staff_account a on a.id = k.account_id "
                        + "where a.username = ?")) {
            s.setString(1, staff.username());
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                publicKey = r.getBytes(1);
                wrapped = r.getString(2);
            }
        }
        assertTrue(!wrapped.contains(passphrase));
        byte[] privateKey = StaffKeys.unwrap(passphrase, ReceiptKeys.WrappedKey.parse(wrapped));
        assertArrayEquals(publicKey, Hpke.publicKeyOf(privateKey));

        // An admin's grant (made here in Java) lets the new key open reports after the next unlock.
        String account = "Granted access sees this. canary-" + UUID.randomUUID();
        submitArabicReport(account);
        grant(staff.username(), publicKey);
        browser.navigate().refresh();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(passphrase);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        waitForReports();
        openCaseWithAccount(account);
    }

    @Test
    void aWrongPassphraseUnlocksNothing() {
        browser = Chromium.start(true);
        StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        browser.get(url("/casework/inbox"));
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys("not my passphrase");
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        WebElement error = wait(30).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#key-unlock-form .error-message")));
        assertTrue(error.getText().contains("did not unlock"));
        assertTrue(!browser.findElement(By.id("report-list")).isDisplayed());
    }

    private void waitForReports() {
        try {
            wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr")));
        } catch (org.openqa.selenium.TimeoutException e) {
            Chromium.screenshot(browser, "casework-no-reports");
            throw new AssertionError("no reports listed: " + browser.findElement(By.tagName("main")).getText()
                    + "\nconsole:\n" + Chromium.console(browser), e);
        }
    }


    private void openCaseWithAccount(String account) {
        List<WebElement> buttons = browser.findElements(By.cssSelector("#reports tbody tr button"));
        for (int i = 0; i < buttons.size(); i++) {
            browser.findElements(By.cssSelector("#reports tbody tr button")).get(i).click();
            wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("case")));
            if (browser.findElement(By.id("case-account")).getText().equals(account)) {
                return;
            }
            browser.findElement(By.id("back-to-list")).click();
        }
        throw new AssertionError("no report in the inbox has the account " + account);
    }

    private final Map<String, String> receipts = new java.util.HashMap<>();

    /** A report written in {@code lang} whose structured answers are the same in every language. */
    private String submitIn(String lang, String place, String account) {
        Map<String, Object> answers = Map.ofEntries(Map.entry("crime_type", "hate-incident"),
                Map.entry("hate_strands", List.of("race", "religion")), Map.entry("role", "witness"),
                Map.entry("when_kind", "range"), Map.entry("when_date", "2026-11-01"), Map.entry("when_until", "2026-11-02"),
                Map.entry("when_time", "evening"), Map.entry("where_place", place), Map.entry("where_force", "metropolitan"),
                Map.entry("account", account), Map.entry("consent", "police"));
        receipts.put(lang, TestReportsWithAnswers.submit(demoKey, lang, answers).receipt());
        return account;
    }

    private void submitArabicReport(String account) {
        TestReportsBridge.submit(demoKey, account);
    }

    private void grant(String username, byte[] staffPublicKey) throws Exception {
        var demo = demoKey.keyFile();
        String envelope = Envelopes.seal(Purpose.GRANT, "staff", staffPublicKey,
                GrantPlaintext.of(demo.privateKeyBytes(), Base64Url.decode(demo.publicKey()))).toJson();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into key_grant (kid, account_id, envelope, created_at) "
                        + "select ?, id, ?, now() from staff_account where username = ?")) {
            s.setString(1, demo.kid());
            s.setString(2, envelope);
            s.setString(3, username);
            assertEquals(1, s.executeUpdate());
        }
    }

    private long unlockEntries() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from audit_entry where action = 'UNLOCK' and actor = ?")) {
            s.setString(1, DemoStaff.CASEWORKER);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
