package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.haven.browser.Chromium;
import org.haven.browser.RendererMemory;
import org.haven.casework.account.DemoStaff;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.TestAttachments;
import org.haven.intake.TestReports;
import org.haven.intake.TestReportsBridge;
import org.haven.referral.Db;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The case's evidence files in a real caseworker's browser (docs/attachments.md section 15): files sealed to the
 * demo intake key and bound to reports as the reporter's browser does it, opened after a real sign-in and unlock.
 */
@QuarkusTest
class CaseFilesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoIntakeKey demoKey;

    private ChromeDriver caseworker;

    @AfterEach
    void close() {
        if (caseworker != null) {
            caseworker.quit();
        }
    }

    @Test
    void showsThumbnailsCleanedMarksExactDownloadsAndAnErrorForTheAlteredFileOnly() throws Exception {
        byte[] photo = SamplePhotos.plainJpeg(640, 480);
        byte[] pdf = pdfLike(300_000);
        byte[] text = randomText(600_000);
        byte[] later = pdfLike(20_000);
        TestAttachments.Upload photoUpload = upload("bruise.jpg", "image/jpeg", photo);
        TestAttachments.Upload pdfUpload = upload("statement.pdf", "application/pdf", pdf);
        TestAttachments.Upload textUpload = upload("messages.txt", "text/plain", text);
        TestAttachments.Upload headerUpload = upload("altered-header.txt", "text/plain", randomText(100));
        String account = "Case files test. canary-" + UUID.randomUUID();
        String token = TestReportsBridge.submit(demoKey, account,
                List.of(photoUpload.claim(), pdfUpload.claim(), textUpload.claim(), headerUpload.claim()));
        TestAttachments.Upload laterUpload = upload("later.pdf", "application/pdf", later);
        given().contentType(ContentType.JSON).body(TestReports.json(TestAttachments.message(demoKey.keyFile(), token,
                List.of(laterUpload.claim())))).post(url("/api/mailbox/messages")).then().statusCode(201);
        alterChunk(textUpload.id(), 2);
        alterChunk(headerUpload.id(), 0);

        openCaseAsCaseworker(account);
        List<WebElement> all = waitForFiles(5);
        // The file whose header was altered is listed as such, with nothing to open; the others as sent.
        assertTrue(all.get(3).getText().startsWith("A file whose name and type cannot be read"), all.get(3).getText());
        assertEquals(0, all.get(3).findElements(By.tagName("button")).size());
        List<WebElement> rows = List.of(all.get(0), all.get(1), all.get(2), all.get(4));
        assertEquals(List.of("bruise.jpg", "statement.pdf", "messages.txt", "later.pdf"),
                rows.stream().map(row -> row.findElement(By.className("case-file-name")).getText()).toList());
        assertEquals(List.of("Cleaned: location and device details were removed before sending",
                "Not cleaned: may contain location or device details",
                "Not cleaned: may contain location or device details",
                "Not cleaned: may contain location or device details"),
                rows.stream().map(row -> row.findElement(By.className("case-file-mark")).getText()).toList());
        assertTrue(rows.get(0).getText().contains("image/jpeg"), rows.get(0).getText());
        assertTrue(rows.get(1).getText().contains("application/pdf · 293.0 KB"), rows.get(1).getText());
        assertTrue(rows.get(0).getText().contains("Sent with the report"));
        assertTrue(rows.get(3).getText().contains("Sent with the reporter's message of "), rows.get(3).getText());

        // The thumbnail is the photo's pixels, drawn on a canvas: each quadrant's colour at its centre.
        new WebDriverWait(caseworker, Duration.ofSeconds(30)).until(d -> rows.get(0)
                .findElement(By.tagName("canvas")).isDisplayed());
        Chromium.screenshot(caseworker, "case-files");
        assertQuadrants("#case-files-list li:first-child canvas");

        // The altered file fails on its own, with a clear error and nothing saved.
        Optional<byte[]> altered = Chromium.download(caseworker,
                () -> rows.get(2).findElement(By.className("case-file-download")).click(), "messages.txt",
                Duration.ofSeconds(8));
        assertTrue(altered.isEmpty(), "nothing of an altered file is saved");
        WebElement error = rows.get(2).findElement(By.cssSelector(".error-message"));
        assertTrue(error.isDisplayed());
        assertTrue(error.getText().startsWith("This file cannot be opened"), error.getText());
        Chromium.screenshot(caseworker, "case-files-altered");

        // The others still open and save exactly what was sent.
        assertArrayEquals(pdf, download(rows.get(1), "statement.pdf"));
        assertArrayEquals(photo, download(rows.get(0), "bruise.jpg"));
        assertArrayEquals(later, download(rows.get(3), "later.pdf"));
        rows.get(0).findElement(By.className("case-file-open")).click();
        new WebDriverWait(caseworker, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("case-file-viewer-image"))
                .isDisplayed());
        assertEquals(List.of(640L, 480L), caseworker.executeScript(
                "const c = document.getElementById('case-file-viewer-image'); return [c.width, c.height];"));
        assertQuadrants("#case-file-viewer-image");
        assertTrue(rows.get(0).findElements(By.cssSelector(".error-message")).stream().noneMatch(WebElement::isDisplayed));
        Chromium.screenshot(caseworker, "case-files-open");
        assertEquals(List.of(), org.haven.browser.Axe.violations(caseworker), "the case with its files, one failed");
    }

    @Test
    void aSlowLoadOfACaseOpenedEarlierNeverShowsItsFilesInTheCaseOpenedSince() throws Exception {
        String first = "Files race, first case. canary-" + UUID.randomUUID();
        TestAttachments.Upload firstFile = upload("first-case.jpg", "image/jpeg", SamplePhotos.plainJpeg(64, 48));
        TestReportsBridge.submit(demoKey, first, List.of(firstFile.claim()));
        String second = "Files race, second case. canary-" + UUID.randomUUID();
        TestReportsBridge.submit(demoKey, second,
                List.of(upload("second-case.pdf", "application/pdf", pdfLike(1000)).claim()));

        caseworker = Chromium.start(true);
        StaffBrowser.signIn(caseworker, url("/"), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        StaffBrowser.unlockInbox(caseworker, url("/"));
        // As on a slow connection, for the first case only: its files and chunks answer three seconds late.
        caseworker.executeScript("const original = window.fetch; window.fetch = (url, options) => "
                + "String(url).startsWith('/casework/api/reports/' + arguments[0] + '/attachments') "
                + "? new Promise((resolve) => setTimeout(resolve, 3000)).then(() => original(url, options)) "
                + ": original(url, options);", reportOf(firstFile.id()).toString());
        StaffBrowser.openCase(caseworker, first);
        caseworker.findElement(By.id("back-to-list")).click();
        StaffBrowser.openCase(caseworker, second);
        waitForFiles(1);
        Thread.sleep(8000);
        assertEquals(second, caseworker.findElement(By.id("case-account")).getText());
        assertEquals(List.of("second-case.pdf"), caseworker.executeScript(
                "return [...document.querySelectorAll('#case-files-list .case-file-name')].map(n => n.textContent);"));
        assertEquals(0L, caseworker.executeScript(
                "return document.querySelectorAll('#case-files-list canvas:not([hidden])').length;"),
                "no thumbnail from the first case");
    }

    /** Figures for the closing note: time and renderer memory to decrypt and save a 20 MB file, with progress shown. */
    @Test
    void aTwentyMegabyteFileIsSavedExactlyWithProgressShown() throws Exception {
        byte[] video = new byte[20 * 1000 * 1000];
        new Random(20).nextBytes(video);
        String account = "Large file test. canary-" + UUID.randomUUID();
        TestReportsBridge.submit(demoKey, account, List.of(upload("night.mp4", "video/mp4", video).claim()));
        openCaseAsCaseworker(account);
        WebElement row = waitForFiles(1).get(0);
        caseworker.executeScript("window.progressSeen = []; new MutationObserver(() => { const p = document"
                + ".querySelector('#case-files-list .case-file-progress'); if (p && p.textContent) "
                + "window.progressSeen.push(p.textContent); }).observe(document.getElementById('case-files-list'), "
                + "{subtree: true, childList: true, characterData: true});");
        long started = System.nanoTime();
        RendererMemory.Peak<byte[]> saved = RendererMemory.during(caseworker, () -> download(row, "night.mp4"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertArrayEquals(video, saved.result());
        @SuppressWarnings("unchecked")
        List<String> progress = (List<String>) caseworker.executeScript("return window.progressSeen;");
        assertTrue(progress.contains("Decrypting… 50%") || progress.stream().filter(p -> p.startsWith("Decrypting…"))
                .distinct().count() > 3, "progress was shown: " + progress);
        System.out.printf("FIGURES case-files: 20 MB file (%d chunks) decrypted and saved in %d ms; renderer resident "
                + "memory before %d MiB, peak %d MiB (growth %d MiB)%n", 1 + (video.length + 262143) / 262144, millis,
                saved.beforeKib() / 1024, saved.peakKib() / 1024, saved.growthMib());
    }

    private void openCaseAsCaseworker(String account) {
        caseworker = Chromium.start(true);
        StaffBrowser.signIn(caseworker, url("/"), dataSource, DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD,
                DemoStaff.totpSecret(DemoStaff.CASEWORKER));
        StaffBrowser.unlockInbox(caseworker, url("/"));
        StaffBrowser.openCase(caseworker, account);
    }

    private List<WebElement> waitForFiles(int count) {
        new WebDriverWait(caseworker, Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector("#case-files-list > li")).size() == count);
        return caseworker.findElements(By.cssSelector("#case-files-list > li"));
    }

    private byte[] download(WebElement row, String name) {
        return Chromium.download(caseworker, () -> row.findElement(By.className("case-file-download")).click(), name,
                Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("no download named " + name + "\n"
                        + Chromium.console(caseworker)));
    }

    /** The four quadrants' colours at their centres on the canvas, within JPEG's error. */
    private void assertQuadrants(String canvas) {
        @SuppressWarnings("unchecked")
        List<List<Long>> pixels = (List<List<Long>>) caseworker.executeScript("const c = document.querySelector("
                + "arguments[0]); const g = c.getContext('2d'); return [[1, 1], [3, 1], [1, 3], [3, 3]].map(([x, y]) => "
                + "[...g.getImageData(Math.floor(c.width * x / 4), Math.floor(c.height * y / 4), 1, 1).data].slice(0, 3));",
                canvas);
        for (int q = 0; q < 4; q++) {
            Color expected = SamplePhotos.QUADRANTS[q];
            List<Long> seen = pixels.get(q);
            assertTrue(Math.abs(seen.get(0) - expected.getRed()) < 30 && Math.abs(seen.get(1) - expected.getGreen()) < 30
                    && Math.abs(seen.get(2) - expected.getBlue()) < 30, "quadrant " + q + " of " + canvas + ": " + seen);
        }
    }

    private TestAttachments.Upload upload(String name, String type, byte[] file) {
        return TestAttachments.create(demoKey.keyFile(), name, type, file).putAll();
    }

    /** Flips one bit of the stored ciphertext of chunk {@code index}, as someone with the database could. */
    private void alterChunk(UUID attachment, int index) throws Exception {
        assertEquals(1, new Db(dataSource).execute("update attachment_chunk set body = set_byte(body, 100, "
                + "get_byte(body, 100) # 1) where attachment_id = ? and chunk_index = ?", attachment, index));
    }

    private UUID reportOf(UUID attachment) throws Exception {
        return UUID.fromString(new Db(dataSource).text("select report_id from attachment where id = ?", attachment));
    }

    private static byte[] pdfLike(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] start = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <</Author (Someone)>> endobj\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }

    private static byte[] randomText(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 80 == 79 ? '\n' : 'a' + random.nextInt(26));
        }
        return bytes;
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
