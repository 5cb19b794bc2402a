package org.haven.referral.forces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.StaffBrowser;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin's force page in real Chromium: from the staff home page to one force, a refused save that keeps
 * what was typed and says what is wrong, then a save that lets the force receive referrals.
 */
@QuarkusTest
class ForceAdminBrowserTest extends BrowserTest {

    private static final String FORCE = "lincolnshire";

    @TestHTTPResource("/")
    URL base;

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;


    @AfterEach
    void close() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("update police_force"
                + " set enabled = false, endpoint_url = null, public_key = null, key_id = null, updated_at = null"
                + " where code = ?")) {
            s.setString(1, FORCE);
            s.executeUpdate();
        }
    }

    @Test
    void adminSetsEndpointAndKeyAndSwitchesAForceOn() throws Throwable {
        TestStaff admin = TestStaff.create(auth, dataSource, "admin");
        byte[] key = Hpke.generateKeyPair().publicKey();
        String endpoint = "https://referrals.lincolnshire.example/haven";
        browser = Chromium.start(true);
        StaffBrowser.signIn(browser, base.toString(), dataSource, admin.username(), admin.password(), admin.totpSecret());

        browser.findElement(By.cssSelector("a[href='/casework/admin/forces']")).click();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("forces")));
        assertEquals(46, browser.findElements(By.cssSelector("#forces tbody tr")).size());
        Chromium.screenshot(browser, "forces-list");
        browser.findElement(By.cssSelector("#forces tr[data-code='" + FORCE + "'] a")).click();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("force-form")));

        // A plain-http look-alike with a password in it, a truncated key, and switched on: refused, nothing lost.
        String badEndpoint = "https://desk:hunter2@referrals.lincolnshire.example/haven";
        String badKey = Base64Url.encode(key).substring(0, 80);
        type(By.id("endpoint-url"), badEndpoint);
        type(By.id("public-key"), badKey);
        browser.findElement(By.id("enabled")).click();
        browser.findElement(By.cssSelector("#force-form button[type=submit]")).click();
        WebElement summary = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("force-errors")));
        Chromium.screenshot(browser, "forces-refused");
        assertEquals(2, summary.findElements(By.cssSelector("li a")).size(), summary.getText());
        assertTrue(browser.findElement(By.id("endpoint-url-error")).getText().contains("user name or password"));
        assertTrue(browser.findElement(By.id("public-key-error")).getText().contains("not a public key"));
        assertEquals(badEndpoint, browser.findElement(By.id("endpoint-url")).getDomProperty("value"));
        assertEquals(badKey, browser.findElement(By.id("public-key")).getDomProperty("value"));
        assertTrue(browser.findElement(By.id("enabled")).isSelected());
        assertEquals(null, column("endpoint_url"));

        type(By.id("endpoint-url"), endpoint);
        type(By.id("public-key"), Base64Url.encode(key));
        browser.findElement(By.cssSelector("#force-form button[type=submit]")).click();
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("force-saved")));
        Chromium.screenshot(browser, "forces-saved");
        assertTrue(browser.findElement(By.id("force-errors")).getAttribute("hidden") != null);
        assertEquals("Yes", browser.findElement(By.id("can-receive")).getText());
        assertEquals(KeyIds.forceKey(key), browser.findElement(By.id("key-id")).getText());
        assertEquals(endpoint, column("endpoint_url"));
        assertEquals("true", column("enabled"));

        browser.findElement(By.linkText("Back to all police forces")).click();
        WebElement row = wait(20).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#forces tr[data-code='" + FORCE + "']")));
        assertTrue(row.getText().contains(endpoint), row.getText());
        assertEquals("true", row.findElement(By.cssSelector("[data-can-receive]")).getAttribute("data-can-receive"));
        String console = Chromium.console(browser);
        // Nothing failed in the page's script. (The refused save's 400 is logged, and so is the staff layout's
        // empty favicon, data:, which img-src 'self' refuses on every staff page.)
        assertTrue(console.lines().filter(line -> !line.contains("'data:,'") && !line.contains("status of 400"))
                .noneMatch(line -> line.startsWith("SEVERE")), console);
    }

    private void type(By field, String text) {
        WebElement element = browser.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String column(String column) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select " + column + "::text from police_force where code = ?")) {
            s.setString(1, FORCE);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getString(1);
            }
        }
    }
}
