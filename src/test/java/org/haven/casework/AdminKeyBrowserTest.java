package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.browser.Chromium;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;
import org.haven.crypto.StaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.TestReportsForKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin's key page in real Chromium: the admin's browser makes the organisation's intake key and a
 * recovery key, hands over the recovery file, gives a caseworker access so a report sealed to the new key
 * opens in the caseworker's inbox, and after the admin's own key is reset restores access from the file.
 */
@QuarkusTest
class AdminKeyBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    private ChromeDriver adminBrowser;
    private ChromeDriver caseworkerBrowser;

    @AfterEach
    void close() {
        for (ChromeDriver browser : Arrays.asList(adminBrowser, caseworkerBrowser)) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @Test
    void adminCreatesIntakeKeyGrantsACaseworkerAndRestoresAccessWithTheRecoveryFile() throws Throwable {
        TestStaff admin = TestStaff.create(auth, dataSource, "admin");
        TestStaff caseworker = TestStaff.create(auth, dataSource, "caseworker");
        String caseworkerPassphrase = "caseworker key passphrase " + UUID.randomUUID();
        try {
            // The caseworker has set up their key (as inbox.js does) and waits for access.
            StaffClient.Session worker = caseworker.signIn(0);
            Hpke.KeyPair workerKey = Hpke.generateKeyPair();
            given().cookie(StaffClient.COOKIE, worker.cookie()).header("X-CSRF-Token", worker.csrf())
                    .contentType(ContentType.JSON).body(Map.of("publicKey", Base64Url.encode(workerKey.publicKey()),
                            "wrappedPrivateKey", JSON.readTree(StaffKeys.wrap(caseworkerPassphrase,
                                    workerKey.privateKey(), workerKey.publicKey()).toJson())))
                    .post("/casework/api/keys/mine").then().statusCode(201);

            adminBrowser = Chromium.start(true);
            signIn(adminBrowser, admin);

            // Without a key of their own, the admin is sent to the inbox to make one.
            adminBrowser.get(url("/casework/admin/keys"));
            wait(adminBrowser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-key")));
            Chromium.screenshot(adminBrowser, "admin-keys-no-key");
            String firstPassphrase = "admin key passphrase " + UUID.randomUUID();
            setUpKeyInInbox(adminBrowser, firstPassphrase);

            // Create the intake key; the recovery key is offered once.
            unlockKeyPage(adminBrowser, firstPassphrase);
            adminBrowser.findElement(By.id("create-intake-key")).click();
            wait(adminBrowser, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-once")));
            Chromium.screenshot(adminBrowser, "admin-keys-recovery-file");
            String recoveryText = adminBrowser.findElement(By.id("recovery-text")).getText();
            JsonNode recoveryFile = JSON.readTree(recoveryText);
            assertEquals("haven-recovery-key", recoveryFile.path("kind").asText());
            String kid = recoveryFile.path("kid").asText();
            byte[] recoveryPrivate = Base64Url.decode(recoveryFile.path("privateKey").asText());
            assertArrayEquals(Base64Url.decode(recoveryFile.path("publicKey").asText()), Hpke.publicKeyOf(recoveryPrivate));
            WebElement download = adminBrowser.findElement(By.id("recovery-download"));
            assertTrue(download.getAttribute("href").startsWith("blob:"), download.getAttribute("href"));
            assertEquals("haven-recovery-" + kid + ".json", download.getAttribute("download"));
            assertEquals(recoveryText.strip(), download(download, "haven-recovery-" + kid + ".json").strip(),
                    "the downloaded file holds what the page shows");
            assertTrue(!tableDump().contains(recoveryFile.path("privateKey").asText()),
                    "the recovery private key never reaches the server");

            JsonNode served = JSON.readTree(given().get("/api/intake-key").then().statusCode(200).extract().asString());
            assertEquals(kid, served.path("kid").asText(), "new reports go to the new key");
            byte[] intakePublic = Base64Url.decode(served.path("publicKey").asText());
            adminBrowser.findElement(By.id("recovery-done")).click();
            assertEquals("", adminBrowser.findElement(By.id("recovery-text")).getText());

            // Give the caseworker access.
            By pendingRow = By.cssSelector("#pending tr[data-username='" + caseworker.username() + "'] button");
            wait(adminBrowser, 20).until(ExpectedConditions.elementToBeClickable(pendingRow)).click();
            waitForStatus(adminBrowser, "Access given to " + caseworker.username());
            Chromium.screenshot(adminBrowser, "admin-keys-granted");

            // A report sealed to the new key opens in the caseworker's inbox.
            String account = "Sealed to the new intake key. canary-" + UUID.randomUUID();
            TestReportsForKey.submit(kid, intakePublic, account);
            caseworkerBrowser = Chromium.start(true);
            signIn(caseworkerBrowser, caseworker);
            caseworkerBrowser.get(url("/casework/inbox"));
            wait(caseworkerBrowser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")))
                    .sendKeys(caseworkerPassphrase);
            caseworkerBrowser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
            wait(caseworkerBrowser, 30).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#reports tbody tr button")));
            openCaseWithAccount(caseworkerBrowser, account);
            Chromium.screenshot(caseworkerBrowser, "admin-keys-caseworker-reads-new-key");

            // Every passphrase of the admin is lost: the key is reset, a new one made, the file restores access.
            By myReset = By.cssSelector("#holders tr[data-username='" + admin.username() + "'] .button--secondary");
            org.openqa.selenium.WebElement before = adminBrowser.findElement(By.tagName("html"));
            adminBrowser.findElement(myReset).click();
            wait(adminBrowser, 20).until(ExpectedConditions.stalenessOf(before));
            wait(adminBrowser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-key")));
            assertEquals(0, count("select count(*) from key_grant g join staff_account a on a.id = g.account_id "
                    + "where a.username = ?", admin.username()));
            String secondPassphrase = "a new admin key passphrase " + UUID.randomUUID();
            setUpKeyInInbox(adminBrowser, secondPassphrase);
            unlockKeyPage(adminBrowser, secondPassphrase);
            Path file = Files.createTempFile("haven-recovery-", ".json");
            try {
                Files.writeString(file, recoveryText);
                adminBrowser.findElement(By.id("recovery-file")).sendKeys(file.toAbsolutePath().toString());
                adminBrowser.findElement(By.cssSelector("#restore-form button[type=submit]")).click();
                waitForStatus(adminBrowser, "Access restored to 1 intake keys");
            } finally {
                Files.deleteIfExists(file);
            }
            Chromium.screenshot(adminBrowser, "admin-keys-restored");

            // The admin's new key now opens a grant of the new intake key.
            byte[] adminPrivate = StaffKeys.unwrap(secondPassphrase, ReceiptKeys.WrappedKey.parse(
                    single("select k.wrapped_private_key from staff_key k join staff_account a on a.id = k.account_id "
                            + "where a.username = ?", admin.username())));
            byte[] granted = Envelopes.open(Envelope.parse(single("select g.envelope from key_grant g join staff_account a "
                    + "on a.id = g.account_id where a.username = ? and g.kid = '" + kid + "'", admin.username())),
                    Purpose.GRANT, adminPrivate);
            assertArrayEquals(intakePublic, Hpke.publicKeyOf(Arrays.copyOf(granted, 32)));
            assertArrayEquals(intakePublic, Arrays.copyOfRange(granted, 32, 97));
        } finally {
            DemoKeyActive.restore(dataSource, demoKey);
        }
    }

    /** Clicks a download link and returns the file the browser saved (made from a Blob, never sent). */
    private String download(WebElement link, String name) {
        byte[] saved = Chromium.download(adminBrowser, link::click, name, Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no download named " + name));
        return new String(saved, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void setUpKeyInInbox(ChromeDriver browser, String passphrase) {
        browser.get(url("/casework/inbox"));
        wait(browser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-passphrase"))).sendKeys(passphrase);
        browser.findElement(By.id("new-passphrase-again")).sendKeys(passphrase);
        browser.findElement(By.cssSelector("#key-setup-form button[type=submit]")).click();
        wait(browser, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("report-list")));
    }

    private void unlockKeyPage(ChromeDriver browser, String passphrase) {
        browser.get(url("/casework/admin/keys"));
        wait(browser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(passphrase);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        try {
            wait(browser, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("create-intake-key")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("key page did not unlock: " + browser.findElement(By.tagName("main")).getText()
                    + "\nconsole:\n" + Chromium.console(browser), e);
        }
    }

    private void waitForStatus(ChromeDriver browser, String text) {
        try {
            wait(browser, 30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-status"), text));
        } catch (org.openqa.selenium.TimeoutException e) {
            Chromium.screenshot(browser, "admin-keys-failure");
            throw new AssertionError("waited for \"" + text + "\": " + browser.findElement(By.tagName("main")).getText()
                    + "\nconsole:\n" + Chromium.console(browser), e);
        }
    }

    private void openCaseWithAccount(ChromeDriver browser, String account) {
        List<WebElement> buttons = browser.findElements(By.cssSelector("#reports tbody tr button"));
        for (int i = 0; i < buttons.size(); i++) {
            browser.findElements(By.cssSelector("#reports tbody tr button")).get(i).click();
            wait(browser, 10).until(ExpectedConditions.visibilityOfElementLocated(By.id("case")));
            if (browser.findElement(By.id("case-account")).getText().equals(account)) {
                return;
            }
            browser.findElement(By.id("back-to-list")).click();
        }
        throw new AssertionError("no report in the inbox has the account " + account);
    }

    private void signIn(ChromeDriver browser, TestStaff staff) {
        StaffBrowser.signIn(browser, base.toString(), dataSource, staff.username(), staff.password(), staff.totpSecret());
    }

    private long count(String sql, String parameter) {
        return Long.parseLong(single(sql, parameter));
    }

    private String single(String sql, String parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "no row for " + sql);
                return r.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the key tables as text, to check what the server was given. */
    private String tableDump() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            for (String table : List.of("intake_key", "recovery_key", "recovery_grant", "key_grant", "staff_key")) {
                try (PreparedStatement s = c.prepareStatement("select t::text from " + table + " t");
                        ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.append(r.getString(1)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private WebDriverWait wait(ChromeDriver browser, int seconds) {
        // Several steps reload the page; an element looked up just before the reload can vanish mid-check.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
