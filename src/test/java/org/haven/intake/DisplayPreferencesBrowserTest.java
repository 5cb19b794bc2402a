package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Reporter pages under the display settings people use (WCAG 2.2 AA): 200 % zoom (a 1280 px screen is 640 CSS
 * px wide) and 320 px with nothing scrolling sideways or clipped, forced colours (Windows high contrast) with
 * every control still outlined and focus still shown, reduced motion, touch targets of at least 24 by 24 CSS
 * px, and errors told by more than colour. In English, Arabic (right to left) and Amharic (Ethiopic script);
 * screenshots in target/screenshots/display-*; measurements in target/display-preferences.txt.
 */
@QuarkusTest
class DisplayPreferencesBrowserTest extends BrowserTest {

    private static final List<String> LANGUAGES = List.of("en", "ar", "am");

    /** Every element that reaches outside the viewport sideways, or whose own box cuts off its content. */
    private static final String OVERFLOW = """
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > width) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
            for (const e of document.body.querySelectorAll('*')) {
              if (e.closest('.visually-hidden, .skip-link, [hidden], head, script, style')) continue;
              const r = e.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ')[0] : '');
              if (r.right > width + 1 || r.left < -1) out.push(name + ' outside the viewport: ' + Math.round(r.left) + '..' + Math.round(r.right));
              const s = getComputedStyle(e);
              if (['hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) out.push(name + ' clips its content sideways');
            }
            return out;
            """;

    /** Every link, button and form control smaller than 24 by 24 CSS px; the smallest size is reported first. */
    private static final String TARGETS = """
            const small = [];
            let min = [1e9, 1e9, ''];
            for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
              if (e.closest('[hidden]') || e.classList.contains('skip-link')) continue;
              const r = e.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + (e.textContent || e.value || '').trim().slice(0, 20) + '"';
              if (Math.min(r.width, r.height) < Math.min(min[0], min[1])) min = [r.width, r.height, name];
              if (r.width < 24 || r.height < 24) small.push(name + ' ' + r.width.toFixed(1) + 'x' + r.height.toFixed(1));
            }
            return [min[0].toFixed(1) + 'x' + min[1].toFixed(1) + ' ' + min[2], ...small];
            """;

    /** Every element (and pseudo-element) with a transition or animation longer than 0.01 s. */
    private static final String MOTION = """
            const seconds = (list) => Math.max(...list.split(',').map(v => v.trim().endsWith('ms') ? parseFloat(v) / 1000 : parseFloat(v)));
            const out = [];
            for (const e of document.querySelectorAll('*')) {
              for (const pseudo of [null, '::before', '::after']) {
                const s = getComputedStyle(e, pseudo);
                const longest = Math.max(seconds(s.transitionDuration) + seconds(s.transitionDelay),
                    s.animationName === 'none' ? 0 : seconds(s.animationDuration));
                if (longest > 0.01) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (pseudo ?? '') + ' moves for ' + longest + ' s');
              }
            }
            return out;
            """;

    /** Controls whose edge or focus indicator would vanish when the system replaces colours and backgrounds. */
    private static final String FORCED = """
            const out = [];
            if (!matchMedia('(forced-colors: active)').matches) out.push('forced-colors is not active');
            for (const e of document.querySelectorAll('.button, .quick-exit, input[type=text], input[type=date], select, textarea')) {
              if (e.closest('[hidden]')) continue;
              const s = getComputedStyle(e);
              const edges = ['Top', 'Right', 'Bottom', 'Left'].filter(side => s['border' + side + 'Style'] !== 'none'
                  && parseFloat(s['border' + side + 'Width']) >= 1);
              if (edges.length < 4) out.push((e.id || e.className || e.tagName) + ' has no visible outline in forced colours');
            }
            return out;
            """;

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    private final List<String> measured = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        Files.write(Path.of("target", "display-preferences.txt"), measured, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void at200PercentZoomAndAt320PxNothingScrollsSidewaysOrIsClipped() {
        browser = Chromium.start(true);
        List<String> problems = new ArrayList<>();
        for (int[] screen : new int[][] {{640, 2}, {320, 1}}) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen[0], "height", 720,
                    "deviceScaleFactor", screen[1], "mobile", false));
            eachPage((lang, page) -> {
                problems.addAll(prefixed(lang + " " + page + " @" + screen[0] + "px", script(OVERFLOW)));
                Chromium.screenshot(browser, "display-zoom-" + screen[0] + "-" + lang + "-" + page);
            });
            measured.add("zoom: " + screen[0] + " CSS px wide at device scale " + screen[1] + ", page width "
                    + browser.executeScript("return document.documentElement.scrollWidth"));
        }
        // The check sees a page that is too wide.
        browser.executeScript("document.querySelector('main').append(Object.assign(document.createElement('pre'), "
                + "{ textContent: 'x'.repeat(400) }));");
        assertTrue(!script(OVERFLOW).isEmpty(), "a 400-character line is noticed");
        assertEquals(List.of(), problems);
    }

    @Test
    void inForcedColoursEveryControlKeepsAnEdgeAndFocusIsShown() {
        browser = Chromium.start(true);
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "forced-colors", "value", "active"))));
        List<String> problems = new ArrayList<>();
        eachPage((lang, page) -> {
            problems.addAll(prefixed(lang + " " + page, script(FORCED)));
            // The first controls in tab order each show a focus outline that forced colours keeps.
            browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            for (int i = 0; i < 6; i++) {
                String outline = (String) browser.executeScript("const s = getComputedStyle(document.activeElement);"
                        + "return s.outlineStyle + ' ' + s.outlineWidth + ' ' + document.activeElement.tagName;");
                if (outline.startsWith("none") || Double.parseDouble(outline.split(" ")[1].replace("px", "")) < 2) {
                    problems.add(lang + " " + page + ": focus not shown on " + outline);
                }
                // To the page, not to the element: a file input takes sendKeys as the path of a file to choose.
                new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.TAB).perform();
            }
            Chromium.screenshot(browser, "display-forced-colours-" + lang + "-" + page);
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void withReducedMotionNothingMovesForLongerThanAHundredthOfASecond() {
        browser = Chromium.start(true);
        // Through the CSS object model: the pages' Content-Security-Policy refuses inline <style>.
        String planted = "const sheet = document.styleSheets[0];"
                + "for (const rule of ['@keyframes spin { to { transform: rotate(1turn) } }',"
                + " 'main::after { content: \"\"; animation: spin 2s infinite }', '.button { transition: background-color 0.4s }'])"
                + " sheet.insertRule(rule, sheet.cssRules.length);";
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-reduced-motion", "value", "no-preference"))));
        browser.get(url("/en/report"));
        browser.executeScript(planted);
        assertTrue(!script(MOTION).isEmpty(), "the check sees motion when motion is allowed");

        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
        List<String> problems = new ArrayList<>();
        eachPage((lang, page) -> {
            browser.executeScript(planted); // motion a later stylesheet might add is stilled too
            problems.addAll(prefixed(lang + " " + page, script(MOTION)));
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyLinkButtonAndFieldIsAtLeast24By24CssPixels() {
        browser = Chromium.start(true);
        List<String> problems = new ArrayList<>();
        List<String> smallest = new ArrayList<>();
        for (int width : new int[] {320, 1280}) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 800,
                    "deviceScaleFactor", 1, "mobile", width < 400));
            eachPage((lang, page) -> {
                List<String> found = script(TARGETS);
                smallest.add(lang + " " + page + " @" + width + ": smallest " + found.get(0));
                problems.addAll(prefixed(lang + " " + page + " @" + width, found.subList(1, found.size())));
            });
        }
        measured.addAll(smallest);
        browser.executeScript("document.querySelector('main').append(Object.assign(document.createElement('a'), "
                + "{ href: '#', textContent: 'i', style: 'font-size: 8px' }));");
        assertTrue(script(TARGETS).size() > 1, "a tiny link is noticed");
        assertEquals(List.of(), problems);
    }

    @Test
    void aFieldWithAnErrorIsMarkedByTextAndBorderNotByColourAlone() {
        for (boolean javascript : new boolean[] {true, false}) {
            browser = Chromium.start(javascript);
            for (String lang : LANGUAGES) {
                checkErrorsNotByColourAlone(lang, javascript);
            }
            browser.quit();
            browser = null;
        }
    }

    /** The form sent empty: checked in the browser with JavaScript, by the server without. */
    private void checkErrorsNotByColourAlone(String lang, boolean javascript) {
        browser.get(url("/" + lang + "/report"));
        browser.findElement(By.id("continue")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.id(javascript ? "js-error-summary" : "error-summary")));
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) browser.executeScript("""
                const out = [];
                const wide = (e) => parseFloat(getComputedStyle(e).borderInlineStartWidth);
                const questions = [...document.querySelectorAll('[data-question]')];
                const wrong = questions.filter(q => q.classList.contains('question--error'));
                if (wrong.length === 0) out.push('no question is marked as wrong');
                for (const q of wrong) {
                  const message = q.querySelector('.error-message');
                  if (!message || message.hidden || message.textContent.trim() === '') out.push(q.dataset.question + ': no error text');
                  if (wide(q) < 3) out.push(q.dataset.question + ': no border beside the question');
                  const described = (e) => (e.getAttribute('aria-describedby') || '').split(' ').includes(message.id);
                  const controls = [...q.querySelectorAll('input, select, textarea')];
                  if (!described(q) && !controls.every(described)) out.push(q.dataset.question + ': the error text is not tied to its field');
                  if (q.tagName !== 'FIELDSET' && controls[0].getAttribute('aria-invalid') !== 'true') out.push(q.dataset.question + ': not marked invalid');
                }
                for (const q of questions.filter(q => !wrong.includes(q))) if (wide(q) >= 3) out.push(q.dataset.question + ': marked without an error');
                for (const a of document.querySelectorAll('main a:not(.button), footer a')) {
                  if (!getComputedStyle(a).textDecorationLine.includes('underline')) out.push('link told by colour alone: ' + a.textContent.trim());
                }
                return out;
                """);
        assertEquals(List.of(), problems, lang + (javascript ? "" : " without JavaScript"));
        Chromium.screenshot(browser, "display-errors-" + lang + (javascript ? "" : "-nojs"));
    }

    private interface PageCheck {
        void check(String lang, String page);
    }

    /** Visits each reporter page (landing, languages, form, form with errors, mailbox sign-in, mailbox) per language. */
    private void eachPage(PageCheck check) {
        String receipt = TestReportsWithAnswers.submit(demoKey, "en", Map.of("crime_type", "robbery", "role", "victim",
                "account", "display " + UUID.randomUUID(), "consent", "police")).receipt();
        for (String lang : LANGUAGES) {
            load(url("/" + lang + "/"));
            check.check(lang, "landing");
            load(url("/" + lang + "/languages?from=report"));
            check.check(lang, "languages");
            load(url("/" + lang + "/report"));
            check.check(lang, "form");
            browser.findElement(By.id("continue")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-error-summary")));
            check.check(lang, "form-errors");
            load(url("/" + lang + "/mailbox"));
            check.check(lang, "mailbox-sign-in");
            browser.findElement(By.id("receipt")).sendKeys(receipt);
            browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("message-form")));
            check.check(lang, "mailbox");
        }
    }

    /** Opens a page and waits until its stylesheets apply: measuring before that saw every link unstyled. */
    private void load(String address) {
        browser.get(address);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> Boolean.TRUE.equals(browser.executeScript(
                "return document.readyState === 'complete' && "
                        + "[...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet);")));
    }

    @SuppressWarnings("unchecked")
    private List<String> script(String source) {
        return (List<String>) browser.executeScript(source);
    }

    private static List<String> prefixed(String where, List<String> found) {
        return found.stream().map(f -> where + ": " + f).toList();
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
