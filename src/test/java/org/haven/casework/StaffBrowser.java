package org.haven.casework;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.haven.crypto.Totp;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signs a staff member in through the real pages of a browser, with a TOTP code the account has not used. */
public final class StaffBrowser {

    private StaffBrowser() {
    }

    /** Password, then second factor; returns once the browser is on the staff home page. */
    public static void signIn(ChromeDriver browser, String base, AgroalDataSource dataSource, String username,
            String password, byte[] totpSecret) {
        String root = base.replaceAll("/$", "");
        browser.get(root + "/casework/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        try {
            wait.until(ExpectedConditions.urlContains("/casework/login/"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("sign-in stayed on: " + browser.findElement(By.tagName("body")).getText(), e);
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("code")))
                .sendKeys(freshCode(dataSource, username, totpSecret));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(root + "/casework"));
    }

    /** Opens the inbox and unlocks it with the demo key passphrase; returns once reports are listed. */
    public static void unlockInbox(ChromeDriver browser, String base) {
        browser.get(base.replaceAll("/$", "") + "/casework/inbox");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")))
                .sendKeys(org.haven.casework.keys.DemoStaffKeys.PASSPHRASE);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reports tbody tr button")));
    }

    /** Opens, from the unlocked inbox, the case whose reporter's words are {@code account}. */
    public static void openCase(ChromeDriver browser, String account) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        int count = browser.findElements(By.cssSelector("#reports tbody tr button")).size();
        for (int i = 0; i < count; i++) {
            browser.findElements(By.cssSelector("#reports tbody tr button")).get(i).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case")));
            if (browser.findElement(By.id("case-account")).getText().equals(account)) {
                return;
            }
            browser.findElement(By.id("back-to-list")).click();
        }
        throw new AssertionError("no report in the inbox has the account " + account);
    }

    /**
     * A code for a time step this account has not used yet — codes are single-use and several tests sign the
     * same demo account in — waiting for the next step if the usable ones are spent.
     */
    public static String freshCode(AgroalDataSource dataSource, String username, byte[] secret) {
        long last;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select totp_last_step from staff_account where username = ?")) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                last = r.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        while (true) {
            long now = Totp.step(Instant.now().getEpochSecond());
            // The current step, not the one before: typing and clicking on a busy machine can take the server
            // into the next step, where the current one is still accepted and the one before no longer is.
            long step = Math.max(now, last + 1);
            if (step <= now + 1) {
                return Totp.code(secret, step);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
