package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A whole report with the keyboard alone, as someone who cannot use a touch screen or mouse would: Tab to
 * each question, arrow keys or Space for choices, Enter to continue and to send; in English and Arabic.
 * Errors and steps move focus: to the error summary, whose first link reaches its question, to the review,
 * to the receipt.
 */
@QuarkusTest
class KeyboardOnlyBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void reportIsCompletedAndSentWithTheKeyboardAlone() {
        for (String lang : new String[] {"en", "ar"}) {
            browser = Chromium.start(true);
            browser.get(base + lang + "/");
            tabTo("a[href='/" + lang + "/report']");
            keys(Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("report-form")));

            // Continue with nothing answered: focus goes to the error summary, whose links lead to the questions.
            tabTo("#continue");
            keys(Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "js-error-summary".equals(activeId()));
            keys(Keys.TAB);
            keys(Keys.ENTER);
            assertTrue(activeId().startsWith("crime_type"), activeId());

            choose("crime_type", "crime_type-other-theft");
            choose("role", "role-victim");
            tabTo("#account");
            keys("Someone took my phone from the table. keyboard-" + lang);
            choose("consent", "consent-record");
            tabTo("#continue");
            keys(Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "js-review".equals(activeId()));

            tabTo("#js-send");
            keys(Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "js-confirmation".equals(activeId()));
            String receipt = browser.findElement(By.cssSelector("#js-confirmation [data-receipt]")).getText();
            assertTrue(receipt.matches("\\d{4} \\d{4} \\d{4} \\d{4}"), receipt);
            Chromium.screenshot(browser, "keyboard-" + lang + "-confirmation");
            browser.quit();
            browser = null;
        }
    }

    /** Tab into a group of radios, then arrow keys to the wanted one (which checks it). */
    private void choose(String name, String id) {
        tabTo("input[name='" + name + "']");
        for (int i = 0; i < 40 && !id.equals(activeId()); i++) {
            keys(Keys.ARROW_DOWN);
        }
        assertEquals(id, activeId());
        if (!Boolean.TRUE.equals(browser.executeScript("return document.activeElement.checked;"))) {
            keys(Keys.SPACE); // Tab lands on an unchecked group's first choice without choosing it
        }
        assertEquals(true, browser.executeScript("return document.activeElement.checked;"),
                String.valueOf(browser.executeScript("return [...document.querySelectorAll('input[name=' + arguments[0]"
                        + " + ']')].map(i => i.id + '=' + i.checked + '/' + i.type).join(' ');", name)));
    }

    private void tabTo(String selector) {
        for (int i = 0; i < 400; i++) {
            if (Boolean.TRUE.equals(browser.executeScript(
                    "return document.activeElement && document.activeElement.matches(arguments[0]);", selector))) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + selector + "; stuck at " + activeId());
    }

    private String activeId() {
        return String.valueOf(browser.executeScript("return document.activeElement.id;"));
    }

    private void keys(CharSequence keys) {
        new Actions(browser).sendKeys(keys).perform();
    }
}
