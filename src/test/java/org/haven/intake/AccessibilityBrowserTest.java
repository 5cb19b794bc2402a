package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.haven.browser.Axe;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (from npm, src/test/resources/axe, MPL-2.0) finds no WCAG 2.2 A/AA violation on any reporter page
 * in any language: landing, language list, form, form with errors, review, confirmation, mailbox sign-in.
 * Keeps a 360 px screenshot of each as test output (target/screenshots/a11y-*).
 */
@QuarkusTest
class AccessibilityBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyReporterPageInEveryLanguageHasNoAxeViolations() throws IOException {
        browser = Chromium.start(true);
        browser.manage().window().setSize(new Dimension(360, 800));
        // First, that the harness sees a violation when there is one (an image with no text alternative).
        List<String> planted = new ArrayList<>();
        browser.get(base + "en/");
        browser.executeScript("document.querySelector('main').append(document.createElement('img'));");
        check(planted, "en", "planted", null);
        assertEquals(true, planted.stream().anyMatch(v -> v.contains("image-alt")), planted.toString());

        List<String> violations = new ArrayList<>();
        for (String lang : Locales.SUPPORTED) {
            check(violations, lang, "landing", "/" + lang + "/");
            check(violations, lang, "languages", "/" + lang + "/languages?from=report");
            check(violations, lang, "mailbox", "/" + lang + "/mailbox");
            check(violations, lang, "form", "/" + lang + "/report");
            browser.findElement(By.id("continue")).click();
            wait(By.id("js-error-summary"));
            check(violations, lang, "form-errors", null);
            choose("crime_type-other-theft");
            choose("role-victim");
            browser.findElement(By.id("account")).sendKeys("Test " + lang);
            choose("consent-record");
            browser.findElement(By.id("continue")).click();
            wait(By.id("js-review"));
            check(violations, lang, "review", null);
            browser.findElement(By.id("js-send")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-confirmation")));
            check(violations, lang, "confirmation", null);
        }
        Files.write(Path.of("target", "axe-violations.txt"), violations);
        assertEquals(List.of(), violations);
    }

    private void check(List<String> violations, String lang, String page, String path) {
        if (path != null) {
            browser.get(base.toString() + path.substring(1));
        }
        Axe.violations(browser).forEach(v -> violations.add(lang + " " + page + ": " + v));
        Chromium.screenshot(browser, "a11y-" + lang + "-" + page);
    }

    private void choose(String id) {
        browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private void wait(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }
}
