package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.keys.DemoStaffKeys;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestAttachments;
import org.haven.intake.TestNotices;
import org.haven.intake.TestReports;
import org.haven.intake.TestReportsWithAnswers;
import org.haven.intake.attachment.PhotoCleaner;
import org.haven.referral.Db;
import org.haven.referral.ReferralSigningKey;
import org.haven.referral.TestForces;
import org.haven.referral.receiver.AcceptedReferral;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The referral composer and history on the case page, in real Chromium: a caseworker picks details of a
 * report whose reporter consents to police, the firewall blocks an account with a phone number (shown where it
 * is, nothing stored, nothing typed lost), the fixed draft is queued, and a referral whose delivery gave up is
 * an alert on the inbox and the case until it is cancelled.
 */
@QuarkusTest
class ReferralComposerBrowserTest extends BrowserTest {

    /** Refuses connections, so a queued referral just waits. */
    private static final String FORCE = "metropolitan";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReferralSigningKey signingKey;

    private final List<UUID> reports = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Db db = new Db(dataSource);
        for (UUID report : reports) {
            db.execute("delete from referral_outbox where referral_id in (select id from referral where report_id = ?)", report);
        }
        TestForces.disable(dataSource, FORCE);
    }

    @Test
    void aBlockedDraftShowsTheFindingAndTheFixedOneIsQueuedThenADeadOneIsAnAlertUntilCancelled() throws Exception {
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        Db db = new Db(dataSource);
        String words = "Two men shouted at me at the bus stop and one pushed me. canary-" + UUID.randomUUID();
        UUID report = submit(words, "police");
        String notConsented = "I only want this recorded. canary-" + UUID.randomUUID();
        submit(notConsented, "record");
        TestNotices.insert(dataSource, demoKey, report, FORCE, "MET/9/26", Instant.now().truncatedTo(ChronoUnit.HOURS));

        browser = Chromium.start(true);
        signInAndUnlock();

        openCase(notConsented);
        assertTrue(browser.findElement(By.id("referral-no-consent")).isDisplayed());
        assertFalse(browser.findElement(By.id("referral-form")).isDisplayed());
        browser.findElement(By.id("back-to-list")).click();

        openCase(words);
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-messages"), "Police reference: MET/9/26"));
        WebElement composer = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
        assertEquals(FORCE, new Select(browser.findElement(By.id("referral-force"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals(List.of("area", "town", "force"), new Select(browser.findElement(By.id("referral-precision"))).getOptions()
                .stream().map(o -> o.getAttribute("value")).toList(), "never finer than the reporter chose");
        assertEquals(words, browser.findElement(By.id("referral-reporter-words")).getText());
        // Nothing from the report is in the draft until it is ticked.
        assertFalse(preview().contains("hate-incident"), preview());

        tick("event.category");
        tick("event.hateStrands");
        tick("event.when.kind");
        tick("event.when.timeOfDay");
        tick("offenders.count");
        new Select(browser.findElement(By.id("referral-precision"))).selectByValue("area");
        tick("location.description");
        WebElement place = browser.findElement(By.cssSelector(".referral-row[data-path='location.description'] input[type=text]"));
        place.clear();
        place.sendKeys("Whitechapel Road");
        String account = "Two men shouted racist abuse at a woman at a bus stop; one pushed her. Call her on 07700 900123.";
        browser.findElement(By.id("referral-account")).sendKeys(account);
        assertTrue(preview().contains("\"category\": \"hate-incident\""), preview());
        assertFalse(preview().contains("red jacket"), "an unticked detail is not in the draft: " + preview());
        Chromium.screenshot(browser, "referral-composer-filled");

        composer.findElement(By.id("referral-send")).click();
        WebElement problems = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-problems")));
        String shown = problems.getText();
        assertTrue(shown.contains("What happened: a phone number at characters"), shown);
        assertTrue(shown.contains("07700 900123"), shown);
        assertTrue(browser.findElement(By.cssSelector(".referral-account .referral-field-error mark")).getText()
                .contains("07700 900123"));
        assertEquals(account, browser.findElement(By.id("referral-account")).getAttribute("value"), "nothing typed is lost");
        String selected = (String) browser.executeScript(
                "const a = document.getElementById('referral-account'); return a.value.slice(a.selectionStart, a.selectionEnd);");
        assertTrue(selected.contains("07700"), "the finding is selected in the field: " + selected);
        Chromium.screenshot(browser, "referral-composer-blocked");
        assertEquals(0L, db.count("select count(*) from referral where report_id = ?", report), "nothing stored");
        assertEquals("blocked:screen=phone", db.text("select detail from audit_entry where report_id = ? "
                + "and action = 'REFERRAL_BLOCKED'", report));

        WebElement accountField = browser.findElement(By.id("referral-account"));
        accountField.clear();
        accountField.sendKeys("Two men shouted racist abuse at a woman at a bus stop; one pushed her to the ground.");
        composer.findElement(By.id("referral-send")).click();
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("referral-result"), "is queued for delivery"));
        String reference = db.text("select reference from referral where report_id = ?", report);
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("referral-history"), reference));
        String history = browser.findElement(By.id("referral-history")).getText();
        assertTrue(history.contains("Queued: Haven is delivering it"), history);
        assertTrue(history.contains(DemoStaff.CASEWORKER), history);
        Chromium.screenshot(browser, "referral-history-queued");

        // Exactly what was ticked and written was sent, and nothing else from the report.
        JsonNode sent = JSON.readTree(Envelopes.open(Envelope.parse(db.text("select staff_copy from referral where report_id = ?",
                report)), Purpose.NOTE, demoKey.keyFile().privateKeyBytes()));
        assertEquals("Whitechapel Road", sent.at("/location/description").asText());
        assertEquals("area", sent.at("/location/precision").asText());
        assertEquals("[\"race\"]", sent.at("/event/hateStrands").toString());
        assertEquals("evening", sent.at("/event/when/timeOfDay").asText());
        assertTrue(sent.at("/event/when/from").isMissingNode(), sent.toString());
        assertEquals("{\"count\":\"two\"}", sent.get("offenders").toString());
        assertTrue(sent.at("/objects").isMissingNode(), sent.toString());

        // Delivery gives up: the inbox and the case say so, and the caseworker cancels it.
        UUID referral = UUID.fromString(db.text("select id::text from referral where report_id = ?", report));
        db.execute("delete from referral_outbox where referral_id = ?", referral);
        Thread.sleep(1500); // an attempt already under way records its error first
        db.execute("update referral set state = 'dead', finished_at = now(), last_error = 'http-503' where id = ?", referral);
        browser.findElement(By.id("back-to-list")).click();
        WebElement inboxAlert = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("inbox-referral-alert")));
        assertTrue(inboxAlert.getText().contains(reference), inboxAlert.getText());
        Chromium.screenshot(browser, "referral-inbox-dead-alert");
        inboxAlert.findElements(By.tagName("li")).stream().filter(li -> li.getText().contains(reference)).findFirst()
                .orElseThrow().findElement(By.tagName("button")).click();
        WebElement caseAlert = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("case-referral-alert")));
        assertEquals("alert", caseAlert.getAttribute("role"));
        assertTrue(caseAlert.getText().contains("the force's system answered with an error (HTTP 503)"), caseAlert.getText());
        Chromium.screenshot(browser, "referral-case-dead-alert");

        WebElement entry = browser.findElement(By.cssSelector("#referral-history li[data-referral-id='" + referral + "']"));
        assertTrue(entry.getText().contains("Delivery failed"), entry.getText());
        assertTrue(entry.getText().contains("Try again"), entry.getText());
        entry.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Cancel referral")).findFirst()
                .orElseThrow().click();
        wait(10).until(ExpectedConditions.alertIsPresent()).accept();
        wait(20).until(ExpectedConditions.invisibilityOfElementLocated(By.id("case-referral-alert")));
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("referral-history"), "Cancelled"));
        assertEquals("cancelled", db.text("select state from referral where id = ?", referral));
        Chromium.screenshot(browser, "referral-history-cancelled");
    }

    @Test
    void aSecondCaseworkerApprovesAColleaguesReferralAndSeesThePoliceReferenceOfADeliveredOne() throws Exception {
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        Db db = new Db(dataSource);
        String words = "Someone broke my window. canary-" + UUID.randomUUID();
        UUID report = submit(words, "police");
        UUID delivered = storeReferral(report, "delivered", "t-colleague", "MET/77/26");
        UUID waiting = storeReferral(report, "awaiting_approval", "t-colleague", null);

        browser = Chromium.start(true);
        signInAndUnlock();
        openCase(words);
        WebElement done = wait(20).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#referral-history li[data-referral-id='" + delivered + "']")));
        assertTrue(done.getText().contains("Delivered to the force"), done.getText());
        assertTrue(done.getText().contains("Police reference\nMET/77/26"), done.getText());
        WebElement entry = browser.findElement(By.cssSelector("#referral-history li[data-referral-id='" + waiting + "']"));
        assertTrue(entry.getText().contains("Waiting for a second caseworker"), entry.getText());
        entry.findElement(By.cssSelector("details summary")).click();
        assertTrue(entry.findElement(By.cssSelector("details pre")).getText().contains("\"account\": \"A window was broken.\""));
        Chromium.screenshot(browser, "referral-history-awaiting-approval");
        entry.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Approve and send")).findFirst()
                .orElseThrow().click();
        wait(20).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#referral-history li[data-referral-id='" + waiting + "']"), "Queued: Haven is delivering it"));
        assertEquals("queued", db.text("select state from referral where id = ?", waiting));
        assertEquals(DemoStaff.CASEWORKER, db.text("select approved_by from referral where id = ?", waiting));
        Chromium.screenshot(browser, "referral-history-approved");
    }

    @Test
    void aCleanedPhotoGoesWithTheReferralSealedForTheForceUnderANeutralNameAndAnUncleanedFileCannotBeTicked()
            throws Exception {
        String filesForce = "sussex";
        Path directory = Path.of("target", "haven-test", "receiver-" + UUID.randomUUID());
        Files.createDirectories(directory);
        try (ReferenceReceiver receiver = new ReferenceReceiver(directory, signingKey.pair().publicKey()).start(0)) {
            TestForces.enable(dataSource, filesForce, receiver.url(), receiver.forceKey().publicKey());
            Db db = new Db(dataSource);
            String words = "Someone threw a brick at my car. canary-" + UUID.randomUUID();
            TestReportsWithAnswers.Submitted submitted = submitted(words, "police");
            UUID report = TestNotices.reportId(dataSource, receiptTokens, submitted.token());
            byte[] photo = PhotoCleaner.clean(SamplePhotos.jpegWithGps(640, 480, 6)).bytes();
            var key = demoKey.keyFile();
            TestAttachments.Upload cleaned = TestAttachments.create(key, "maria-passport.jpg", "image/jpeg", photo).putAll();
            TestAttachments.Upload uncleaned = TestAttachments.create(key, "statement.pdf", "application/pdf",
                    "%PDF-1.7 a statement".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putAll();
            given().contentType(ContentType.JSON).body(TestReports.json(TestAttachments.message(key, submitted.token(),
                    List.of(cleaned.claim(), uncleaned.claim())))).post("/api/mailbox/messages").then().statusCode(201);

            browser = Chromium.start(true);
            signInAndUnlock();
            openCase(words);
            wait(20).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#referral-file-list li"), 2));
            WebElement photoItem = browser.findElement(By.cssSelector("#referral-file-list li[data-file='" + cleaned.id() + "']"));
            WebElement pdfItem = browser.findElement(By.cssSelector("#referral-file-list li[data-file='" + uncleaned.id() + "']"));
            assertTrue(photoItem.getText().contains("maria-passport.jpg (image/jpeg, cleaned)"), photoItem.getText());
            assertFalse(pdfItem.findElement(By.tagName("input")).isEnabled(), "a file that was not cleaned cannot be ticked");
            assertTrue(pdfItem.getText().contains("statement.pdf (application/pdf)\nNot cleaned"), pdfItem.getText());
            pdfItem.findElement(By.tagName("label")).click();
            assertFalse(pdfItem.findElement(By.tagName("input")).isSelected());

            new Select(browser.findElement(By.id("referral-force"))).selectByValue(filesForce);
            tick("event.category");
            browser.findElement(By.id("referral-account")).sendKeys("A brick was thrown at a parked car, breaking the windscreen.");
            photoItem.findElement(By.tagName("label")).click();
            assertTrue(preview().contains("evidence-1.jpg"), preview());
            browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("referral-files")));
            Chromium.screenshot(browser, "referral-files-ticked");
            browser.findElement(By.id("referral-send")).click();
            wait(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("referral-result"), "is queued for delivery"));
            UUID referral = UUID.fromString(db.text("select id::text from referral where report_id = ?", report));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> receiver.accepted().stream()
                    .anyMatch(a -> a.idempotencyKey().equals(referral.toString())));

            AcceptedReferral accepted = receiver.accepted().stream()
                    .filter(a -> a.idempotencyKey().equals(referral.toString())).findFirst().orElseThrow();
            assertEquals(1, accepted.evidence().size());
            assertEquals(accepted.reference() + "-evidence-1.jpg", accepted.evidence().get(0).getFileName().toString(),
                    "the force sees a neutral name; the receiver refuses any other name in the sealed header");
            assertArrayEquals(photo, Files.readAllBytes(accepted.evidence().get(0)), "the cleaned bytes, unchanged");
            JsonNode document = JSON.readTree(accepted.file().toFile());
            assertEquals("image/jpeg", document.at("/evidence/0/type").asText());
            assertFalse(Files.readString(accepted.file()).contains("maria"), "the original name went nowhere");
        } finally {
            TestForces.disable(dataSource, filesForce);
        }
    }

    /** A referral as the service stores one, with its document sealed to the demo intake key. */
    private UUID storeReferral(UUID report, String state, String proposedBy, String policeReference) throws Exception {
        Map<String, Object> draft = Map.of("force", FORCE,
                "event", Map.of("category", "criminal-damage-arson", "account", "A window was broken."),
                "location", Map.of("precision", "force"));
        var document = org.haven.referral.ReferralDocuments.complete(JSON.valueToTree(draft),
                org.haven.referral.ReferralDocuments.newReference(), LocalDate.now(ZoneOffset.UTC), "Haven demo advocacy service",
                "Referrals desk");
        byte[] bytes = org.haven.referral.ReferralDocuments.canonicalBytes(document);
        var intake = demoKey.keyFile();
        byte[] intakeKey = org.haven.crypto.Base64Url.decode(intake.publicKey());
        String notice = policeReference == null ? null : Envelopes.seal(Purpose.REPLY, intake.kid(), intakeKey,
                ("{\"schema\":\"haven.police/1\",\"force\":\"" + FORCE + "\",\"reference\":\"" + policeReference + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toJson();
        UUID id = UUID.randomUUID();
        new Db(dataSource).execute("insert into referral (id, reference, report_id, force_code, state, document_sha256, "
                + "staff_copy, proposed_by, created_at, finished_at, force_reference) values (?, ?, ?, ?, ?, ?, ?, ?, now(), "
                + (policeReference == null ? "null" : "now()") + ", ?)", id, document.get("reference").asText(), report, FORCE,
                state, org.haven.referral.ReferralDocuments.sha256(bytes),
                Envelopes.seal(Purpose.NOTE, intake.kid(), intakeKey, bytes).toJson(), proposedBy, notice);
        return id;
    }

    private UUID submit(String words, String consent) throws Exception {
        TestReportsWithAnswers.Submitted submitted = submitted(words, consent);
        UUID id = TestNotices.reportId(dataSource, receiptTokens, submitted.token());
        reports.add(id);
        return id;
    }

    private TestReportsWithAnswers.Submitted submitted(String words, String consent) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("crime_type", "hate-incident");
        answers.put("hate_strands", List.of("race"));
        answers.put("role", "victim");
        answers.put("when_kind", "exact");
        answers.put("when_date", LocalDate.now(ZoneOffset.UTC).minusDays(3).toString());
        answers.put("when_time", "evening");
        answers.put("where_place", "Outside 12 Whitechapel Road, by the market");
        answers.put("where_force", FORCE);
        answers.put("where_kind", "street");
        answers.put("where_precision", "area");
        answers.put("offender_count", "two");
        answers.put("offender_description", "One wore a red jacket.");
        answers.put("account", words);
        answers.put("consent", consent);
        return TestReportsWithAnswers.submit(demoKey, "en", answers);
    }

    private void tick(String path) {
        browser.findElement(By.cssSelector(".referral-row[data-path='" + path + "'] label")).click();
    }

    private String preview() {
        return browser.findElement(By.id("referral-preview")).getText();
    }

    private void signInAndUnlock() {
        StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        browser.get(base.toString().replaceAll("/$", "") + "/casework/inbox");
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(DemoStaffKeys.PASSPHRASE);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr")));
    }

    private void openCase(String account) {
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr button")));
        int count = browser.findElements(By.cssSelector("#reports tbody tr button")).size();
        for (int i = 0; i < count; i++) {
            browser.findElements(By.cssSelector("#reports tbody tr button")).get(i).click();
            wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("case")));
            if (browser.findElement(By.id("case-account")).getText().equals(account)) {
                return;
            }
            browser.findElement(By.id("back-to-list")).click();
        }
        throw new AssertionError("no report in the inbox has the account " + account);
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }
}
