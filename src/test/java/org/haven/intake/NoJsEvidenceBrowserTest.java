package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.intake.attachment.HeldFile;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Evidence through the file input of real Chromium with JavaScript off: a phone photo with GPS and a PDF are
 * chosen on the form, shown on the review page with what was done to each, and arrive with the report.
 */
@QuarkusTest
class NoJsEvidenceBrowserTest extends BrowserTest {

    private static final Path FILES = Path.of("target", "nojs-evidence");

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void filesChosenWithoutJavaScriptArriveWithTheReportThePhotoCleaned() throws Exception {
        Files.createDirectories(FILES);
        Path photo = FILES.resolve("garden-" + UUID.randomUUID() + ".jpg");
        Path pdf = FILES.resolve("letter-" + UUID.randomUUID() + ".pdf");
        Files.write(photo, SamplePhotos.jpegWithGps(1200, 900, 6));
        byte[] letter = ("%PDF-1.4\n% a letter from the landlord " + UUID.randomUUID() + "\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(pdf, letter);

        browser = Chromium.start(false);
        browser.get(base.toString().replaceAll("/$", "") + "/en/report");
        choose("crime_type-other-theft");
        choose("role-victim");
        choose("consent-record");
        browser.findElement(By.id("account")).sendKeys("They took my phone. " + UUID.randomUUID());
        // One path per line chooses several files in a <input multiple>, as a person picking them would.
        browser.findElement(By.id("evidence")).sendKeys(photo.toAbsolutePath() + "\n" + pdf.toAbsolutePath());
        Chromium.screenshot(browser, "evidence-en-form-nojs");
        browser.findElement(By.id("continue")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/report/review"));

        String review = browser.findElement(By.id("evidence-review")).getText();
        assertTrue(review.contains(photo.getFileName().toString()), review);
        assertTrue(review.contains("Location and device details removed"), review);
        assertTrue(review.contains(pdf.getFileName().toString()), review);
        List<HeldFile> held = browser.findElements(By.name("evidence_held")).stream()
                .map(input -> HeldFile.parse(input.getAttribute("value")).orElseThrow()).toList();
        assertEquals(2, held.size());
        Chromium.screenshot(browser, "evidence-en-review-nojs");
        choose("evidence-as-is-" + held.get(1).id());
        browser.findElement(By.cssSelector("form[action$='/report/send'] button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-receipt]")));

        try (Connection c = dataSource.getConnection()) {
            TestAttachments.Opened cleaned = TestAttachments.openStored(c, demoKey.keyFile(), held.get(0).id());
            assertTrue(cleaned.header().cleaned());
            assertFalse(SamplePhotos.jpegMarkers(cleaned.bytes()).contains(0xE1), "no EXIF or XMP segment");
            assertEquals(900, SamplePhotos.decode(cleaned.bytes()).getWidth(), "orientation 6 applied");
            TestAttachments.Opened asItIs = TestAttachments.openStored(c, demoKey.keyFile(), held.get(1).id());
            assertFalse(asItIs.header().cleaned());
            assertArrayEquals(letter, asItIs.bytes());
        }
    }

    private void choose(String id) {
        browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }
}
