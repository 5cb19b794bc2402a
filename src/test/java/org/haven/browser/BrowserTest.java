package org.haven.browser;

import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A test that drives one Chromium at a time ({@code browser = Chromium.start(...)}); the browser is quit after
 * each test whatever happened, so no chromedriver outlives its test.
 */
public abstract class BrowserTest {

    protected ChromeDriver browser;

    @AfterEach
    protected void quitBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }
}
