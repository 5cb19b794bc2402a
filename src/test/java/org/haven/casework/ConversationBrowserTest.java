package org.haven.casework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.Chromium;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.keys.DemoStaffKeys;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole loop in two real browsers: a reporter reports, a caseworker signs in with password and TOTP,
 * unlocks, reads and replies; the reporter returns with the receipt, reads the reply and answers; the
 * caseworker reads the answer. Once with JavaScript in English, once without JavaScript in Arabic.
 */
@QuarkusTest
class ConversationBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoIntakeKey demoKey;

    private ChromeDriver reporter;
    private ChromeDriver caseworker;

    @AfterEach
    void close() {
        for (ChromeDriver driver : new ChromeDriver[] {reporter, caseworker}) {
            if (driver != null) {
                driver.quit();
            }
        }
    }

    @Test
    void englishReporterAndCaseworkerTalkThroughTheMailbox() throws Exception {
        List<String> reportsBefore = new org.haven.referral.Db(dataSource).texts("select id::text from report");
        reporter = Chromium.start(true);
        String account = "Someone keeps threatening me at work. canary-" + UUID.randomUUID();
        String receipt = reportWithJavaScript("en", account);

        caseworker = Chromium.start(true);
        String reply = "Thank you for telling us. Roughly what time does it happen? canary-" + UUID.randomUUID();
        caseworkerReplies(account, reply);
        Chromium.screenshot(caseworker, "loop-en-caseworker-replied");

        openMailbox(reporter, "en", receipt);
        WebElement replyShown = new WebDriverWait(reporter, Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.xpath("//p[@class='message-text' and text()='" + reply + "']")));
        assertTrue(replyShown.isDisplayed());
        String answer = "Usually after 9 in the evening. canary-" + UUID.randomUUID();
        reporter.findElement(By.id("message")).sendKeys(answer);
        reporter.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        new WebDriverWait(reporter, Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.xpath("//p[contains(@class,'message-text') and text()='" + answer + "']")));
        Chromium.screenshot(reporter, "loop-en-reporter-mailbox");

        caseworkerSees(account, answer);
        Chromium.screenshot(caseworker, "loop-en-caseworker-sees-answer");

        // An internal note with an outcome, sealed in the caseworker's browser, reads back after reopening.
        String note = "Reporter wants advice first. canary-" + UUID.randomUUID();
        caseworker.findElement(By.id("note")).sendKeys(note);
        new org.openqa.selenium.support.ui.Select(caseworker.findElement(By.id("outcome"))).selectByValue("advice-given");
        caseworker.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("case-notes"), "Outcome: Advice given — " + note));
        Chromium.screenshot(caseworker, "loop-en-caseworker-note");
        // This test's report is the one report that is new since it began (other classes' reports share its hour).
        assertEquals(List.of("in_review"), new org.haven.referral.Db(dataSource).texts(
                "select status from report where not (id::text = any (?))", (Object) reportsBefore.toArray(String[]::new)));
    }

    @Test
    void arabicReporterWithoutJavaScriptTalksToAnEnglishCaseworker() {
        reporter = Chromium.start(false);
        String account = "صاحب العمل لا يدفع أجري منذ شهرين. canary-" + UUID.randomUUID();
        reporter.get(url("/ar/report"));
        reporter.findElement(By.cssSelector("label[for='crime_type-labour-exploitation']")).click();
        reporter.findElement(By.cssSelector("label[for='role-victim']")).click();
        reporter.findElement(By.id("account")).sendKeys(account);
        reporter.findElement(By.cssSelector("label[for='consent-talk']")).click();
        reporter.findElement(By.id("continue")).click();
        new WebDriverWait(reporter, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[action$='/report/send'] button[type=submit]"))).click();
        String receipt = new WebDriverWait(reporter, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-receipt]"))).getText();

        caseworker = Chromium.start(true);
        String reply = "We read your report. Do you want to talk to an employment adviser? canary-" + UUID.randomUUID();
        caseworkerReplies(account, reply);

        openMailbox(reporter, "ar", receipt);
        assertTrue(reporter.findElement(By.id("messages")).getText().contains(reply),
                "the server opened the reply in memory for the no-JavaScript reader");
        String answer = "نعم، أريد التحدث إلى مستشار. canary-" + UUID.randomUUID();
        reporter.findElement(By.id("message")).sendKeys(answer);
        reporter.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        new WebDriverWait(reporter, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice")));
        Chromium.screenshot(reporter, "loop-ar-reporter-nojs-sent");

        caseworkerSees(account, answer);
        Chromium.screenshot(caseworker, "loop-ar-caseworker-sees-answer");
    }

    /**
     * A reporter message built to attack the caseworker's browser: markup that would run script if it were
     * parsed as HTML, and a right-to-left override. The case view shows it as the text it is and runs nothing.
     */
    @Test
    void hostileMarkupAndBidiOverrideInAReporterMessageAreShownAsInertText() throws Exception {
        String account = "Hostile message test. canary-" + UUID.randomUUID();
        String token = org.haven.intake.TestReportsBridge.submit(demoKey, account);
        String hostile = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script>"
                + "<svg onload=\"window.__pwned='svg'\"></svg> invoice_\u202Egpj.exe & \"quotes\" 'too'";
        sendReporterMessage(token, hostile);

        caseworker = Chromium.start(true);
        signInAndUnlock();
        openCase(account);
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#case-messages .message-text")));
        Chromium.screenshot(caseworker, "hostile-message-inert");
        Object shown = caseworker.executeScript(
                "return [...document.querySelectorAll('#case-messages .message-text')].map(p => p.textContent);");
        assertEquals(List.of(hostile), shown, "the message is shown exactly as written, override included");
        assertEquals(0L, caseworker.executeScript("return document.querySelectorAll("
                + "'#case img, #case script, #case svg, #case-messages *:not(li):not(p)').length;"),
                "no element was made from the message");
        assertEquals(null, caseworker.executeScript("return window.__pwned ?? null;"), "no script ran");
    }

    /**
     * A reporter's message with a file and no text (docs/attachments.md section 13): the conversation says so,
     * instead of an empty bubble, and the file is listed as sent with that message.
     */
    @Test
    void aReporterMessageWithAFileAndNoTextSaysFilesOnlyAndItsFileIsListedWithIt() throws Exception {
        String account = "Files only conversation test. canary-" + UUID.randomUUID();
        String token = org.haven.intake.TestReportsBridge.submit(demoKey, account);
        org.haven.intake.TestAttachments.Upload photo = org.haven.intake.TestAttachments.create(demoKey.keyFile(),
                "door.jpg", "image/jpeg", org.haven.testing.SamplePhotos.plainJpeg(64, 48)).putAll();
        sendReporterMessage(token, "", List.of(photo.claim()));

        caseworker = Chromium.start(true);
        signInAndUnlock();
        openCase(account);
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#case-messages .message-text")));
        Object shown = caseworker.executeScript(
                "return [...document.querySelectorAll('#case-messages .message-text')].map(p => p.textContent);");
        assertEquals(List.of("(files only, no text: see Evidence files)"), shown);
        new WebDriverWait(caseworker, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#case-files-list > li"), "Sent with the reporter's message of "));
        Chromium.screenshot(caseworker, "conversation-files-only");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(org.haven.crypto.Envelope envelope) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(envelope.toJson(), Map.class);
    }

    private String reportWithJavaScript(String lang, String account) {
        reporter.get(url("/" + lang + "/report"));
        reporter.findElement(By.cssSelector("label[for='crime_type-harassment-threats']")).click();
        reporter.findElement(By.cssSelector("label[for='role-victim']")).click();
        reporter.findElement(By.id("account")).sendKeys(account);
        reporter.findElement(By.cssSelector("label[for='consent-talk']")).click();
        reporter.findElement(By.id("continue")).click();
        new WebDriverWait(reporter, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("js-send")))
                .click();
        return new WebDriverWait(reporter, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#js-confirmation [data-receipt]")))
                .getText();
    }

    /**
     * Opening one case and then another while the first case's messages are still on their way: the late answer
     * must not land in the second case's conversation (it did, when the inbox appended whatever arrived).
     */
    @Test
    void aSlowLoadOfACaseOpenedEarlierNeverFillsTheConversationOfTheCaseOpenedSince() throws Exception {
        String first = "Slow conversation test. canary-" + UUID.randomUUID();
        sendReporterMessage(org.haven.intake.TestReportsBridge.submit(demoKey, first), "only in the first case");
        String second = "Second case test. canary-" + UUID.randomUUID();
        org.haven.intake.TestReportsBridge.submit(demoKey, second);

        caseworker = Chromium.start(true);
        signInAndUnlock();
        // As on a slow connection: every load of a conversation answers two seconds late.
        caseworker.executeScript("const original = window.fetch; window.fetch = (url, options) => "
                + "String(url).endsWith('/messages') && !(options && options.method) "
                + "? new Promise((resolve) => setTimeout(resolve, 2000)).then(() => original(url, options)) "
                + ": original(url, options);");
        openCase(first);
        caseworker.findElement(By.id("back-to-list")).click();
        openCase(second);
        Thread.sleep(4000);
        Object shown = caseworker.executeScript(
                "return [...document.querySelectorAll('#case-messages .message-text')].map(p => p.textContent);");
        assertEquals(List.of(), shown, "the second case has no messages");
        assertEquals(second, caseworker.findElement(By.id("case-account")).getText());
    }

    private void sendReporterMessage(String token, String message) throws Exception {
        sendReporterMessage(token, message, List.of());
    }

    private void sendReporterMessage(String token, String message, List<Map<String, String>> attachments)
            throws Exception {
        byte[] text = org.haven.intake.MessagePlaintext.encode("en", message);
        byte[] intakePublic = org.haven.crypto.Base64Url.decode(demoKey.keyFile().publicKey());
        Map<String, Object> body = new java.util.HashMap<>(Map.of("token", token,
                "envelope", json(Envelopes.seal(Purpose.MESSAGE, demoKey.keyFile().kid(), intakePublic, text)),
                "copy", json(Envelopes.seal(Purpose.MESSAGE, "mailbox", Hpke.generateKeyPair().publicKey(), text))));
        if (!attachments.isEmpty()) {
            body.put("attachments", attachments);
        }
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).body(body)
                .post(url("/api/mailbox/messages")).then().statusCode(201);
    }

    private void openMailbox(ChromeDriver browser, String lang, String receipt) {
        browser.get(url("/" + lang + "/mailbox"));
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("message-form")));
    }

    private void caseworkerReplies(String account, String reply) {
        signInAndUnlock();
        openCase(account);
        caseworker.findElement(By.id("reply")).sendKeys(reply);
        caseworker.findElement(By.cssSelector("#reply-form button[type=submit]")).click();
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='case-messages']//p[text()='" + reply + "']")));
    }

    private void caseworkerSees(String account, String answer) {
        caseworker.findElement(By.id("back-to-list")).click();
        openCase(account);
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='case-messages']//p[text()='" + answer + "']")));
    }

    private void signInAndUnlock() {
        StaffBrowser.signIn(caseworker, base.toString(), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        caseworker.get(url("/casework/inbox"));
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")))
                .sendKeys(DemoStaffKeys.PASSPHRASE);
        caseworker.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        new WebDriverWait(caseworker, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr")));
    }

    private void openCase(String account) {
        new WebDriverWait(caseworker, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr button")));
        List<WebElement> buttons = caseworker.findElements(By.cssSelector("#reports tbody tr button"));
        for (int i = 0; i < buttons.size(); i++) {
            caseworker.findElements(By.cssSelector("#reports tbody tr button")).get(i).click();
            new WebDriverWait(caseworker, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("case")));
            if (caseworker.findElement(By.id("case-account")).getText().equals(account)) {
                return;
            }
            caseworker.findElement(By.id("back-to-list")).click();
        }
        throw new AssertionError("no report in the inbox has the account " + account);
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
