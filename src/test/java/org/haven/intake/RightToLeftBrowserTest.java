package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

/**
 * Right-to-left pages in real headless Chromium: declared rtl, laid out as the mirror image of the
 * left-to-right page, receipt digits still left to right, and nothing wider than a 320 px phone.
 */
@QuarkusTest
class RightToLeftBrowserTest extends BrowserTest {

    /** Where things sit, as fractions of the viewport width, and which sides carry borders. */
    private static final String GEOMETRY = """
            const box = s => document.querySelector(s).getBoundingClientRect();
            const width = document.documentElement.clientWidth;
            // How far each element's start edge is from the viewport's start edge, as a fraction of its width.
            const rtl = document.documentElement.dir === 'rtl';
            const start = s => (rtl ? width - box(s).right : box(s).left) / width;
            const warning = getComputedStyle(document.querySelector('.warning-box'));
            const choice = box('.choice'), radio = box('.choice input');
            return {
              dir: document.documentElement.dir,
              direction: getComputedStyle(document.body).direction,
              starts: ['.site-name', '.quick-exit', '.language-link', 'h1', '.warning-box', 'label[for=where_place]']
                .map(start),
              warningLeft: warning.borderLeftWidth, warningRight: warning.borderRightWidth,
              radioAtStart: Math.abs(radio.left - choice.left) < Math.abs(radio.right - choice.right),
              receiptDirection: getComputedStyle(document.querySelector('.receipt')).direction
            };
            """;

    @TestHTTPResource("/")
    URL base;

    @Test
    @SuppressWarnings("unchecked")
    void arabicFormIsTheMirrorImageOfTheEnglishForm() {
        browser = Chromium.start(false);
        Map<String, Object> ltr = geometry("en");
        Map<String, Object> rtl = geometry("ar");

        assertEquals("ltr", ltr.get("dir"));
        assertEquals("rtl", rtl.get("dir"));
        assertEquals("rtl", rtl.get("direction"));
        // Header, picker link, heading, warning and labels hug the start edge: the left in English, the right
        // in Arabic, the same distance in (measured from the left in English and from the right in Arabic).
        List<Number> ltrStarts = (List<Number>) ltr.get("starts");
        List<Number> rtlStarts = (List<Number>) rtl.get("starts");
        for (int i = 0; i < ltrStarts.size(); i++) {
            assertTrue(ltrStarts.get(i).doubleValue() < 0.1, ltr.toString());
            assertEquals(ltrStarts.get(i).doubleValue(), rtlStarts.get(i).doubleValue(), 0.02, rtl.toString());
        }
        // The warning's accent border is on the start side (border-inline-start).
        assertEquals("6px", ltr.get("warningLeft"));
        assertEquals("0px", ltr.get("warningRight"));
        assertEquals("6px", rtl.get("warningRight"));
        assertEquals("0px", rtl.get("warningLeft"));
        // Radio buttons sit before their labels: at the left in English, at the right in Arabic.
        assertEquals(true, ltr.get("radioAtStart"));
        assertEquals(false, rtl.get("radioAtStart"));
        // Receipt digits read left to right inside the Arabic page.
        assertEquals("ltr", rtl.get("receiptDirection"));
    }

    @Test
    void everyLanguageFitsA320PixelPhoneInItsOwnDirection() {
        browser = Chromium.start(false);
        browser.manage().window().setSize(new Dimension(320, 800));
        for (String lang : Locales.SUPPORTED) {
            for (String path : List.of("", "report", "languages", "mailbox")) {
                browser.get(base + lang + "/" + path);
                Object overflow = browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertEquals(0L, overflow, lang + "/" + path + " scrolls sideways at 320 px");
                assertEquals(Locales.direction(lang), browser.executeScript("return document.documentElement.dir;"));
                assertEquals(lang, browser.executeScript("return document.documentElement.lang;"));
                Chromium.screenshot(browser, "320-" + lang + "-" + (path.isEmpty() ? "landing" : path));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> geometry(String lang) {
        browser.get(base + lang + "/report");
        Chromium.screenshot(browser, "mirror-" + lang + "-form");
        // The receipt box is on the confirmation step; it is in the page, hidden, for the JavaScript path.
        browser.executeScript("document.getElementById('js-confirmation').hidden = false;");
        return (Map<String, Object>) browser.executeScript(GEOMETRY);
    }
}
