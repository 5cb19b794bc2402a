package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;

/**
 * In real Chromium (which has no Ethiopic font of its own here, like many older phones): Tigrinya and
 * Amharic pages fetch only the core Ethiopic font from Haven's origin and use it; other languages' form
 * pages fetch no font; the language list fetches only the tiny font for the two names.
 */
@QuarkusTest
class EthiopicFontBrowserTest extends BrowserTest {

    private static final String FONTS_FETCHED = """
            const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() => setTimeout(() => done(performance.getEntriesByType('resource')
              .map(e => new URL(e.name).pathname).filter(p => p.startsWith('/fonts/'))), 200));
            """;

    @TestHTTPResource("/")
    URL base;

    @Test
    void fontIsServedAsAFontThatBrowsersMayKeep() {
        // Fetched once per phone, not once per page: a font, revalidated by ETag, never "no-store".
        given().get("/fonts/noto-sans-ethiopic-core.woff2").then().statusCode(200)
                .header("Content-Type", startsWith("font/woff2"))
                .header("Cache-Control", not(containsString("no-store")));
    }

    @Test
    void onlyEthiopicPagesFetchTheEthiopicFont() {
        browser = Chromium.start(true);
        for (String lang : List.of("ti", "am")) {
            if (!Locales.isSupported(lang)) {
                continue;
            }
            browser.get(base + lang + "/report");
            assertEquals(List.of("/fonts/noto-sans-ethiopic-core.woff2"), browser.executeAsyncScript(FONTS_FETCHED),
                    lang);
            assertEquals(true, browser.executeScript(
                    "return document.fonts.check('18px Haven Ethiopic', document.querySelector('h1').textContent);"));
            Chromium.screenshot(browser, "ethiopic-" + lang + "-form");
        }
        // A fresh browser, so nothing an Ethiopic page fetched is in its memory cache.
        browser.quit();
        browser = Chromium.start(true);
        browser.get(base + "en/report");
        assertEquals(List.of(), browser.executeAsyncScript(FONTS_FETCHED));
        if (Locales.isSupported("ti") || Locales.isSupported("am")) {
            browser.get(base + "en/languages");
            assertEquals(List.of("/fonts/noto-sans-ethiopic-names.woff2"), browser.executeAsyncScript(FONTS_FETCHED));
            Chromium.screenshot(browser, "ethiopic-names-en-languages");
        }
    }
}
