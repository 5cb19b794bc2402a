package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.tools.StoredReports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real report form and mailbox sign-in in headless Chromium, with the proof of work required: the page
 * fetches a challenge, solves it in a Web Worker while the reporter types, and sends it with the report.
 */
@QuarkusTest
@TestProfile(FloodLimits.class)
class ProofOfWorkBrowserTest extends BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;


    @BeforeEach
    void freshCounters() throws Exception {
        sql("delete from flood_counter; delete from used_challenge");
    }

    @Test
    void formSolvesAChallengeAndSendsItWithTheReportAndTheSignIn() throws Exception {
        browser = Chromium.start(true);
        browser.get(url("/en/report"));
        String account = "Proof of work from a real browser. canary-" + UUID.randomUUID();
        choose("crime_type-fraud-scam");
        choose("role-victim");
        browser.findElement(By.id("account")).sendKeys(account);
        choose("consent-record");
        browser.findElement(By.id("continue")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-review")));
        browser.findElement(By.id("js-send")).click();
        WebElement confirmation = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("js-confirmation")));
        String receipt = confirmation.findElement(By.cssSelector("[data-receipt]")).getText();
        Chromium.screenshot(browser, "proof-of-work-confirmation");
        try (Connection c = dataSource.getConnection()) {
            assertEquals(1, StoredReports.withAccount(c, demoKey.keyFile().kid(), demoKey.keyFile().privateKeyBytes(),
                    account).size(), Chromium.console(browser));
        }
        assertEquals(1, count("select count(*) from used_challenge"), "the report redeemed one challenge");

        browser.get(url("/en/mailbox"));
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[name=consent]")));
        assertEquals(2, count("select count(*) from used_challenge"), "the sign-in redeemed its own challenge");
        assertEquals(0, count("select count(*) from flood_counter where name = 'no-js'"),
                "a sign-in with a proof is not charged to the no-JavaScript budget");
    }

    /**
     * Not a check: how long headless Chromium takes to solve challenges of each difficulty, for the README.
     * Run with {@code -DmeasureProofOfWork=true}.
     */
    @Test
    void measureSolveTimes() {
        Assumptions.assumeTrue(Boolean.getBoolean("measureProofOfWork"));
        browser = Chromium.start(true);
        browser.manage().timeouts().scriptTimeout(Duration.ofMinutes(10));
        browser.get(url("/en/report"));
        for (int bits : List.of(12, 14, 16, 18, 20, 22)) {
            @SuppressWarnings("unchecked")
            List<Number> times = (List<Number>) browser.executeAsyncScript("""
                    const [bits, runs, done] = arguments;
                    import('/js/proof.js').then(async ({ solve }) => {
                      const times = [];
                      for (let i = 0; i < runs; i++) {
                        const start = performance.now();
                        await solve(`measure-${bits}-${i}-${Math.random()}`, bits);
                        times.push(performance.now() - start);
                      }
                      done(times);
                    });
                    """, bits, bits <= 18 ? 10 : bits == 20 ? 5 : 3);
            List<Double> sorted = times.stream().map(Number::doubleValue).sorted().toList();
            System.out.printf("proof of work %d bits in headless Chromium: median %.0f ms, max %.0f ms, all %s%n",
                    bits, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted);
        }
    }

    private void choose(String id) {
        browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    private long count(String query) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void sql(String statements) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
