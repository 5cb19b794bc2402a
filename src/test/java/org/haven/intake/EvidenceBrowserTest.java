package org.haven.intake;

import static org.haven.testing.SamplePhotos.CANARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.haven.browser.Axe;
import org.haven.browser.BrowserScript;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.DemoKeyActive;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.testing.SamplePhotos;
import org.haven.testing.StoredAttachments;
import org.haven.tools.StoredReports;
import org.haven.web.Locales;
import org.haven.web.Messages;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The evidence step with JavaScript (docs/attachments.md section 13) in real headless Chromium against the real
 * server: files picked on the report form and the mailbox are cleaned, previewed, sealed and uploaded in the
 * page, bound to the report or message, and opened here with the intake private key to prove what the server
 * holds: no location or device metadata, the pixels the preview showed, files sent as they are byte for byte.
 */
@QuarkusTest
class EvidenceBrowserTest extends BrowserTest {

    /** The preview canvas of the n-th file, as RGBA bytes (base64url) with its size. */
    private static final String PREVIEW_PIXELS = """
            const canvas = document.querySelectorAll('.evidence-file')[arguments[0]].querySelector('canvas');
            const rgba = new Uint8Array(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
              .data.buffer);
            let text = '';
            for (let k = 0; k < rgba.length; k += 0x8000) {
              text += String.fromCharCode(...rgba.subarray(k, k + 0x8000));
            }
            return [canvas.width, canvas.height, btoa(text)];
            """;

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void photoAndScreenshotArriveWithoutMetadataAndWithThePixelsThePreviewShowed() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "photos");
        byte[] photo = SamplePhotos.jpegWithGps(64, 48, 6);
        byte[] screenshot = SamplePhotos.pngWithText(40, 30);
        pick("evidence", file("IMG_2041.JPG", photo), file("Screenshot.png", screenshot));
        waitForStates("done", "done");
        Chromium.screenshot(browser, "evidence-en-photos-uploaded");
        List<Object> jpegPreview = preview(0);
        List<Object> pngPreview = preview(1);
        browser.findElement(By.id("continue")).click();
        WebElement review = wait(By.id("js-review"));
        assertTrue(review.getText().contains("IMG_2041.jpg (location and device details removed)"), review.getText());
        assertTrue(review.getText().contains("Screenshot.png (location and device details removed)"));
        send();

        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(2, stored.size());
        StoredAttachments.Opened jpeg = stored.get(0);
        assertEquals("IMG_2041.jpg", jpeg.header().name());
        assertEquals("image/jpeg", jpeg.header().type());
        assertTrue(jpeg.header().cleaned());
        List<Integer> markers = SamplePhotos.jpegMarkers(jpeg.bytes());
        assertFalse(markers.contains(0xE1), "an APP1 (EXIF or XMP) segment arrived: " + markers);
        String text = new String(jpeg.bytes(), StandardCharsets.ISO_8859_1);
        for (String left : List.of(CANARY, "Exif", "GPS", "Phones", "Model", "xmpmeta")) {
            assertFalse(text.contains(left), left + " arrived with the photo");
        }
        BufferedImage decoded = SamplePhotos.decode(jpeg.bytes());
        assertEquals(List.of(48L, 64L), jpegPreview.subList(0, 2), "the preview shows the photo upright");
        double fromPreview = SamplePhotos.meanDifference(decoded, Base64Url.decode(toUrl(jpegPreview.get(2))));
        assertTrue(fromPreview < 2, "what arrived differs from the preview by " + fromPreview);

        StoredAttachments.Opened png = stored.get(1);
        assertEquals("Screenshot.png", png.header().name());
        assertEquals("image/png", png.header().type());
        assertTrue(png.header().cleaned());
        List<String> chunks = SamplePhotos.pngChunks(png.bytes());
        assertTrue(chunks.stream().noneMatch(c -> List.of("tEXt", "iTXt", "zTXt", "eXIf").contains(c)),
                chunks.toString());
        assertFalse(new String(png.bytes(), StandardCharsets.ISO_8859_1).contains(CANARY));
        assertEquals(0.0, SamplePhotos.meanDifference(SamplePhotos.decode(png.bytes()),
                Base64Url.decode(toUrl(pngPreview.get(2)))), "a PNG arrives exactly as previewed");
    }

    @Test
    void aVideoSentAsItIsArrivesByteForByteAndMarkedNotCleaned() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "video");
        byte[] video = new byte[6 * 1024 * 1024 + 12345];
        new Random(6).nextBytes(video);
        pick("evidence", file("clip.mp4", video));
        waitForStates("choose");
        WebElement row = browser.findElement(By.cssSelector(".evidence-file"));
        assertTrue(row.getText().contains("A video can hold the place where it was recorded"), row.getText());
        Chromium.screenshot(browser, "evidence-en-video-choice");
        long start = System.nanoTime();
        row.findElement(By.xpath(".//button[normalize-space()='Send it as it is']")).click();
        waitForStates("done");
        System.out.printf(Locale.ROOT, "Chromium sealed and uploaded a %.1f MB video in %d ms%n", video.length / 1e6,
                (System.nanoTime() - start) / 1_000_000);
        assertEquals("1", row.findElement(By.tagName("progress")).getDomProperty("position"));
        browser.findElement(By.id("continue")).click();
        assertTrue(wait(By.id("js-review")).getText().contains("clip.mp4 (sent as it is)"));
        send();

        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(1, stored.size());
        assertEquals("clip.mp4", stored.get(0).header().name());
        assertEquals("video/mp4", stored.get(0).header().type());
        assertFalse(stored.get(0).header().cleaned());
        assertArrayEquals(video, stored.get(0).bytes());
    }

    @Test
    void sendingWhileAFileIsStillUploadingWaitsForItAndSaysSo() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "waiting");
        // A phone's uplink (4 MB/s): the 12 MB upload still runs when send is pressed, however fast this machine is.
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false,
                "latency", 0, "downloadThroughput", -1, "uploadThroughput", 4 * 1024 * 1024));
        byte[] recording = new byte[12 * 1024 * 1024];
        new Random(12).nextBytes(recording);
        pick("evidence", file("long-recording.m4a", recording));
        waitForStates("choose");
        browser.findElement(By.xpath("//button[normalize-space()='Send it as it is']")).click();
        browser.findElement(By.id("continue")).click();
        wait(By.id("js-review"));
        // Every text the send step shows, kept as it changes.
        browser.executeScript("""
                window.shown = [];
                const status = document.getElementById('js-sending-status');
                new MutationObserver(() => window.shown.push(status.textContent))
                  .observe(status, { childList: true, characterData: true, subtree: true });
                """);
        send();
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.executeScript("return window.shown;");
        assertTrue(shown.stream().anyMatch(text -> text.replaceAll("[\u2068\u2069]", "")
                .equals("Waiting for files to finish uploading: long-recording.m4a")), shown.toString());
        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(1, stored.size());
        assertArrayEquals(recording, stored.get(0).bytes());
    }

    @Test
    void limitsAreRefusedInTheReportersLanguageAndNothingElseIsLost() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("fr", "limits");
        Properties fr = Messages.load("messages/msg_fr.properties");
        List<Path> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(file("note-" + i + ".pdf", ("letter " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        pick("evidence", ten.toArray(Path[]::new));
        waitForStates(java.util.Collections.nCopies(10, "choose").toArray(String[]::new));
        pick("evidence", file("one-too-many.pdf", new byte[10]));
        assertEquals(message(fr, "evidence.limit.count", "one-too-many.pdf", "10"), alertText());
        Chromium.screenshot(browser, "evidence-fr-too-many");
        browser.findElement(By.cssSelector(".evidence-file button.button--secondary")).click(); // remove the first
        byte[] big = new byte[25 * 1024 * 1024 + 1];
        pick("evidence", file("grand.mp4", big));
        assertEquals(message(fr, "evidence.limit.size", "grand.mp4", "25 MB"), alertText());
        assertEquals(9, browser.findElements(By.cssSelector(".evidence-file")).size(), "the other files stay listed");
        assertEquals(account, browser.findElement(By.id("account")).getDomProperty("value"), "what was typed stays");
    }

    @Test
    void aFileTheServerRefusesAtSendingIsNamedAndCanBeSentAgain() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "refusal");
        List<UUID> before;
        try (Connection c = dataSource.getConnection()) {
            before = StoredAttachments.unbound(c);
        }
        pick("evidence", file("kept.png", SamplePhotos.pngWithText(20, 20)));
        waitForStates("done");
        pick("evidence", file("lost.png", SamplePhotos.pngWithText(30, 20)));
        waitForStates("done", "done");
        // The second upload disappears from the server (as one unbound for over a day would).
        try (Connection c = dataSource.getConnection()) {
            List<UUID> mine = new ArrayList<>(StoredAttachments.unbound(c));
            mine.removeAll(before);
            assertEquals(2, mine.size());
            // Which one is the second: the one whose chunks open to a 30-pixel-wide picture.
            UUID second = widthOf(c, mine.get(0)) == 30 ? mine.get(0) : mine.get(1);
            try (PreparedStatement s = c.prepareStatement("delete from attachment where id = ?")) {
                s.setObject(1, second);
                assertEquals(1, s.executeUpdate());
            }
        }
        browser.findElement(By.id("continue")).click();
        wait(By.id("js-review"));
        browser.findElement(By.id("js-send")).click();
        String error = wait(By.id("js-send-error")).getText().replaceAll("[\u2068\u2069]", "");
        assertTrue(error.startsWith("lost.png: This upload is no longer on our server."), error);
        assertFalse(error.contains("kept.png"));
        Chromium.screenshot(browser, "evidence-en-refused-on-send");
        browser.findElement(By.id("js-change")).click();
        List<WebElement> rows = browser.findElements(By.cssSelector(".evidence-file"));
        assertEquals("done", rows.get(0).getDomAttribute("data-state"));
        assertEquals("failed", rows.get(1).getDomAttribute("data-state"));
        rows.get(1).findElement(By.xpath(".//button[normalize-space()='Try again']")).click();
        waitForStates("done", "done");
        browser.findElement(By.id("continue")).click();
        wait(By.id("js-review"));
        send();
        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(List.of("kept.png", "lost.png"), stored.stream().map(o -> o.header().name()).toList());
    }

    @Test
    void aMessageFromTheMailboxCarriesACleanedFile() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "mailbox");
        browser.findElement(By.id("continue")).click();
        wait(By.id("js-review"));
        String receipt = send();
        openMailbox(receipt);
        browser.findElement(By.id("message")).sendKeys("One more photo " + account);
        pick("message-evidence", file("IMG_2042.jpg", SamplePhotos.jpegWithGps(32, 24, 1)));
        waitForStates("done");
        List<Object> preview = preview(0);
        browser.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".message--reporter:last-of-type"),
                "IMG_2042.jpg (location and device details removed)"));
        Chromium.screenshot(browser, "evidence-en-mailbox-sent");

        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(1, stored.size());
        assertTrue(stored.get(0).messageId() != null, "bound to the message");
        assertTrue(stored.get(0).header().cleaned());
        assertFalse(SamplePhotos.jpegMarkers(stored.get(0).bytes()).contains(0xE1));
        assertTrue(SamplePhotos.meanDifference(SamplePhotos.decode(stored.get(0).bytes()),
                Base64Url.decode(toUrl(preview.get(2)))) < 2);
    }

    @Test
    void aMessageWithOnlyAPhotoAndNoTextIsSentAndShownAndAnEmptyOneIsRefused() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "files only");
        browser.findElement(By.id("continue")).click();
        wait(By.id("js-review"));
        String receipt = send();
        openMailbox(receipt);
        WebElement sendButton = browser.findElement(By.cssSelector("#message-form button[type=submit]"));
        sendButton.click();
        WebElement error = browser.findElement(By.id("message-error"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOf(error));
        assertEquals("Write a message before sending.", error.getText());
        assertEquals(0, messagesFor(account), "an empty message without files is not sent");

        pick("message-evidence", file("IMG_2043.jpg", SamplePhotos.jpegWithGps(32, 24, 1)));
        waitForStates("done");
        sendButton.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".message--reporter:last-of-type"),
                "IMG_2043.jpg (location and device details removed)"));
        assertEquals("Files only, with no written message.", browser.findElement(
                By.cssSelector(".message--reporter:last-of-type .message-text")).getText());
        assertEquals(1, messagesFor(account));
        List<StoredAttachments.Opened> stored = storedFor(account);
        assertEquals(1, stored.size());
        assertTrue(stored.get(0).messageId() != null, "bound to the message");
        assertTrue(stored.get(0).header().cleaned());

        // Signed in again, the reporter's mailbox opens the message (sealed text "") and says what it was.
        openMailbox(receipt);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".message--reporter:last-of-type .message-text"), "Files only, with no written message."));
        Chromium.screenshot(browser, "evidence-en-mailbox-files-only");
    }

    @Test
    void aKeyRotatedWhileTheFormIsOpenSealsTheFileAndTheReportToTheNewKey() throws Exception {
        browser = Chromium.start(true);
        String account = fillForm("en", "rotation");
        Hpke.KeyPair rotated = Hpke.generateKeyPair();
        String kid = "rotated-" + UUID.randomUUID();
        try {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement off = c.prepareStatement("update intake_key set active = false where active");
                        PreparedStatement on = c.prepareStatement("insert into intake_key "
                                + "(kid, public_key, created_at, active) values (?, ?, now(), true)")) {
                    off.executeUpdate();
                    on.setString(1, kid);
                    on.setBytes(2, rotated.publicKey());
                    on.executeUpdate();
                }
                c.commit();
                c.setAutoCommit(true);
            }
            // The page still holds the old key: create answers key-not-current, and the page seals to the new one.
            pick("evidence", file("after-rotation.png", SamplePhotos.pngWithText(20, 20)));
            waitForStates("done");
            browser.findElement(By.id("continue")).click();
            wait(By.id("js-review"));
            send();
            try (Connection c = dataSource.getConnection()) {
                List<StoredReports.Opened> reports = StoredReports.withAccount(c, kid, rotated.privateKey(), account);
                assertEquals(1, reports.size(), "the report is sealed to the new key");
                List<StoredAttachments.Opened> stored = StoredAttachments.ofReport(c,
                        UUID.fromString(reports.get(0).id()), rotated.privateKey());
                assertEquals(List.of("after-rotation.png"), stored.stream().map(o -> o.header().name()).toList());
            }
        } finally {
            DemoKeyActive.restore(dataSource, demoKey);
        }
    }

    @Test
    void theFormWithFilesListedHasNoAxeViolationsInEnglishAndArabic() throws Exception {
        browser = Chromium.start(true);
        List<String> violations = new ArrayList<>();
        for (String lang : List.of("en", "ar")) {
            fillForm(lang, "a11y");
            pick("evidence", file("photo.png", SamplePhotos.pngWithText(20, 20)), file("letter.pdf", new byte[30]));
            waitForStates("done", "choose");
            Axe.violations(browser).forEach(v -> violations.add(lang + ": " + v));
            // Axe names only explicit role=progressbar; each <progress> must still say which file it is about.
            String progressName = Messages.load(Locales.bundle(lang)).getProperty("evidence.progress");
            assertEquals(progressName.replace("{0}", "photo.png"), browser.findElement(
                    By.cssSelector(".evidence-file progress")).getAccessibleName().replaceAll("[\u2068\u2069]", ""));
            Chromium.screenshot(browser, "evidence-" + lang + "-files-listed");
            if (lang.equals("ar")) {
                Object overflow = browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertEquals(0L, overflow, "the Arabic file list scrolls sideways");
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void measuresATwelveMegapixelPhotoFromPickingToUploaded() {
        browser = Chromium.start(true);
        fillForm("en", "twelve megapixels");
        // The photo is made in the page (as CleanImageBrowserTest's figure) and picked through the input's files.
        BrowserScript.run(browser, SamplePhotos.TWELVE_MEGAPIXELS_IN_BROWSER);
        Map<String, Object> run = BrowserScript.run(browser, """
                const input = document.getElementById('evidence');
                const picked = new DataTransfer();
                picked.items.add(window.photo);
                input.files = picked.files;
                const start = performance.now();
                input.dispatchEvent(new Event('change'));
                for (;;) {
                  await new Promise((resolve) => setTimeout(resolve, 20));
                  const row = document.querySelector('.evidence-file');
                  if (row && ['done', 'failed'].includes(row.dataset.state)) {
                    return { ms: performance.now() - start, state: row.dataset.state, in: window.photo.size,
                      chunks: row.querySelector('progress').max };
                  }
                }
                """);
        assertEquals("done", run.get("state"));
        System.out.printf(Locale.ROOT, "Chromium took %.0f ms from picking a 12-megapixel photo (%.1f MB) to its "
                + "cleaned copy uploaded (%s chunks)%n", ((Number) run.get("ms")).doubleValue(),
                ((Number) run.get("in")).doubleValue() / 1e6, run.get("chunks"));
    }

    private String fillForm(String lang, String what) {
        browser.get(base + lang + "/report");
        choose("crime_type-other-theft");
        choose("role-victim");
        String account = "Evidence " + what + " canary-" + UUID.randomUUID();
        browser.findElement(By.id("account")).sendKeys(account);
        choose("consent-record");
        return account;
    }

    private void choose(String id) {
        browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private static Path file(String name, byte[] bytes) throws java.io.IOException {
        Path dir = Files.createTempDirectory("haven-evidence-");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        return file;
    }

    private void pick(String inputId, Path... files) {
        browser.findElement(By.id(inputId)).sendKeys(String.join("\n",
                java.util.Arrays.stream(files).map(Path::toString).toList()));
    }

    /** Waits until the listed files are in these states, in order. */
    private void waitForStates(String... states) {
        List<String> expected = List.of(states);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> expected.equals(d.findElements(
                    By.cssSelector(".evidence-file")).stream().map(e -> e.getDomAttribute("data-state")).toList()));
        } catch (TimeoutException e) {
            throw new AssertionError("files not " + expected + ": " + browser.findElements(By.cssSelector(
                    ".evidence-file")).stream().map(WebElement::getText).toList() + "\n"
                    + Chromium.console(browser), e);
        }
        // In view, for the screenshots.
        browser.executeScript("document.querySelector('.evidence-list').scrollIntoView({block: 'center'});");
    }

    @SuppressWarnings("unchecked")
    private List<Object> preview(int index) {
        return (List<Object>) browser.executeScript(PREVIEW_PIXELS, index);
    }

    private String alertText() {
        return wait(By.cssSelector(".evidence-alert")).getText();
    }

    private WebElement wait(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private String send() {
        browser.findElement(By.id("js-send")).click();
        WebElement confirmation;
        try {
            confirmation = new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-confirmation")));
        } catch (TimeoutException e) {
            throw new AssertionError("not sent: " + browser.findElement(By.id("js-review")).getText() + "\n"
                    + Chromium.console(browser), e);
        }
        return confirmation.findElement(By.cssSelector("[data-receipt]")).getText();
    }

    private List<StoredAttachments.Opened> storedFor(String account) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            List<StoredReports.Opened> reports = StoredReports.withAccount(c, demoKey.keyFile().kid(),
                    demoKey.keyFile().privateKeyBytes(), account);
            assertEquals(1, reports.size());
            return StoredAttachments.ofReport(c, UUID.fromString(reports.get(0).id()),
                    demoKey.keyFile().privateKeyBytes());
        }
    }

    private void openMailbox(String receipt) {
        browser.get(base + "en/mailbox");
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        wait(By.id("message-form"));
    }

    private long messagesFor(String account) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            List<StoredReports.Opened> reports = StoredReports.withAccount(c, demoKey.keyFile().kid(),
                    demoKey.keyFile().privateKeyBytes(), account);
            try (PreparedStatement s = c.prepareStatement("select count(*) from mailbox_message where report_id = ?")) {
                s.setObject(1, UUID.fromString(reports.get(0).id()));
                try (java.sql.ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        }
    }

    private int widthOf(Connection c, UUID id) throws Exception {
        byte[] opened = StoredAttachments.open(c, id, demoKey.keyFile().privateKeyBytes()).bytes();
        return SamplePhotos.decode(opened).getWidth();
    }

    /** The bundle's sentence with each value isolated, as the page writes it. */
    private static String message(Properties bundle, String key, String... values) {
        String text = bundle.getProperty(key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", "\u2068" + values[i] + "\u2069");
        }
        return text;
    }

    /** Standard base64 from the page's btoa, as base64url. */
    private static String toUrl(Object base64) {
        return ((String) base64).replace('+', '-').replace('/', '_').replaceAll("=+$", "");
    }
}
