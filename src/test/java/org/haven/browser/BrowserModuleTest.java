package org.haven.browser;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Base of tests that run the browser modules under /js/ in one headless Chromium per test class, on a blank
 * test page of the app's own origin; each test body imports what {@link #imports()} names.
 */
public abstract class BrowserModuleTest {

    protected static ChromeDriver browser;

    @TestHTTPResource("/test/crypto.html")
    protected URL page;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start(true);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @BeforeEach
    void loadPage() {
        if (!page.toString().equals(browser.getCurrentUrl())) {
            browser.get(page.toString());
            Chromium.screenshot(browser, "crypto-test-page");
        }
    }

    /** Statements run before every test body: {@code const x = await import('/js/x.js');} and helpers. */
    protected abstract String imports();

    /**
     * For a figure: runs {@code setup}, then {@code step} (each after {@link #imports()}) in a browser of their
     * own, sampling its renderer's memory during {@code step} only.
     */
    protected <T> RendererMemory.Peak<T> measureInFreshBrowser(String setup, String step, Object... args) {
        ChromeDriver fresh = Chromium.start(true);
        try {
            fresh.get(page.toString());
            BrowserScript.run(fresh, imports() + setup);
            return RendererMemory.during(fresh, () -> BrowserScript.run(fresh, imports() + step, args));
        } finally {
            fresh.quit();
        }
    }

    /** Runs {@code body} after {@link #imports()} with {@link BrowserScript}. */
    protected <T> T js(String body, Object... args) {
        return BrowserScript.run(browser, imports() + body, args);
    }
}
