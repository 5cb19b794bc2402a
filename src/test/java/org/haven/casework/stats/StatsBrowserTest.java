package org.haven.casework.stats;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.haven.browser.BrowserTest;
import org.haven.browser.Chromium;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.keys.DemoStaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.TestReportsWithAnswers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Statistics in real Chromium: the caseworker's browser opens every report, counts them, hides groups under
 * 5 as "<5" on the page and in the CSV it makes, and the export is audited. Other tests share the database,
 * so the reports here use answers no other test uses (modern slavery and weapons; Dyfed-Powys and Gwent).
 */
@QuarkusTest
class StatsBrowserTest extends BrowserTest {

    /** Replaces URL.createObjectURL so the test can read the CSV Blob the page hands to the download link. */
    private static final String CAPTURE_DOWNLOADS = """
            window.__csv = [];
            const original = URL.createObjectURL;
            URL.createObjectURL = (blob) => { window.__csv.push(blob.text()); return original(blob); };
            """;
    private static final String READ_DOWNLOAD = """
            const done = arguments[arguments.length - 1];
            const poll = () => window.__csv.length ? window.__csv[0].then(done) : setTimeout(poll, 50);
            poll();
            """;
    private static final Pattern SMALL_COUNT = Pattern.compile(",[1-4]$");

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void countsEveryOpenedReportAndSuppressesSmallGroupsOnScreenAndInTheCsv() throws Exception {
        for (int i = 0; i < 7; i++) {
            submit("modern-slavery", "dyfed-powys", List.of("race"));
        }
        for (int i = 0; i < 2; i++) {
            submit("weapons", "gwent", List.of("disability", "race"));
        }
        // Outcomes live in notes sealed to the intake key: record one on six reports the way the case view does.
        recordOutcomeOnNewestReports("support-service", 6);
        long exportsBefore = exports();

        browser = Chromium.start(true);
        signIn();
        browser.get(url("/casework/stats"));
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase")))
                .sendKeys(DemoStaffKeys.PASSPHRASE);
        browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
        try {
            wait(60).until(ExpectedConditions.visibilityOfElementLocated(By.id("results")));
        } catch (org.openqa.selenium.TimeoutException e) {
            Chromium.screenshot(browser, "stats-not-done");
            throw new AssertionError(browser.findElement(By.tagName("main")).getText() + "\nconsole:\n"
                    + Chromium.console(browser), e);
        }
        Chromium.screenshot(browser, "stats-results");
        browser.executeScript("document.getElementById('chart-crime_type').scrollIntoView()");
        Chromium.screenshot(browser, "stats-chart-crime-type");

        WebElement progress = browser.findElement(By.id("stats-progress"));
        assertEquals(progress.getAttribute("max"), progress.getAttribute("value"), "progress at 100 %");
        long total = Long.parseLong(progress.getAttribute("max"));
        assertTrue(total >= 9, "total " + total);
        assertEquals(total + " of " + total, browser.findElement(By.id("progress-text")).getText());

        assertTrue(count("crime_type", "modern-slavery") >= 7);
        assertTrue(count("where_force", "dyfed-powys") >= 7);
        assertEquals("<5", shown("crime_type", "weapons"));
        assertEquals("<5", shown("where_force", "gwent"));
        assertEquals("<5", shown("hate_strands", "disability"));
        assertTrue(count("hate_strands", "race") >= 9);
        assertTrue(count("outcome", "support-service") >= 6);
        assertEquals("Forced work or trafficking", browser.findElement(By.cssSelector(
                "table[data-dimension=crime_type] tr[data-value=modern-slavery] th")).getText());
        // Every chart carries its numbers in a table, and draws no bar longer than "<5" for a small group.
        assertEquals(8, browser.findElements(By.cssSelector(".stats-dimension svg[aria-hidden=true]")).size());
        assertEquals(8, browser.findElements(By.cssSelector(".stats-dimension table")).size());
        // Secondary suppression: no chart hides exactly one group, whose count total-minus-the-rest would reveal.
        for (WebElement table : browser.findElements(By.cssSelector(".stats-dimension table"))) {
            long hidden = table.findElements(By.cssSelector("td")).stream().filter(td -> td.getText().equals("<5"))
                    .count();
            assertTrue(hidden != 1, "exactly one suppressed group in " + table.getAttribute("data-dimension"));
        }
        assertTrue(browser.findElement(By.id("main")).getText().contains("Reports your key could not open"));

        browser.executeScript(CAPTURE_DOWNLOADS);
        browser.findElement(By.id("export")).click();
        String csv = (String) browser.executeAsyncScript(READ_DOWNLOAD);
        List<String> lines = Arrays.asList(csv.split("\r?\n"));
        assertEquals("dimension,value,count", lines.get(0));
        assertTrue(lines.contains("crime_type,weapons,<5"), csv);
        assertTrue(lines.contains("where_force,gwent,<5"), csv);
        assertTrue(lines.contains("hate_strands,disability,<5"), csv);
        assertTrue(lines.stream().anyMatch(l -> l.matches("crime_type,modern-slavery,([7-9]|\\d\\d+|<5)")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reports,could_not_open,")), csv);
        assertTrue(lines.stream().noneMatch(l -> SMALL_COUNT.matcher(l).find()), "a count under 5 escaped:\n" + csv);
        assertEquals(exportsBefore + 1, exports(), "the export is in the audit log");
    }

    private void submit(String crimeType, String force, List<String> strands) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("crime_type", crimeType);
        answers.put("hate_strands", strands);
        answers.put("role", "witness");
        answers.put("where_force", force);
        answers.put("account", "Seen near the station.");
        answers.put("consent", "record");
        TestReportsWithAnswers.submit(demoKey, "en", answers);
    }

    private void recordOutcomeOnNewestReports(String outcome, int reports) throws Exception {
        var key = demoKey.keyFile();
        byte[] note = ("{\"schema\":\"haven.note/1\",\"kind\":\"outcome\",\"outcome\":\"" + outcome
                + "\",\"text\":\"\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection(); PreparedStatement ids = c.prepareStatement(
                "select id from report where intake_kid = ? order by received_hour desc limit ?");
                PreparedStatement insert = c.prepareStatement("insert into case_note (id, report_id, author, envelope, "
                        + "written_hour) values (?, ?, 'stats-test', ?, date_trunc('hour', now()))")) {
            ids.setString(1, key.kid());
            ids.setInt(2, reports);
            try (ResultSet r = ids.executeQuery()) {
                while (r.next()) {
                    insert.setObject(1, java.util.UUID.randomUUID());
                    insert.setObject(2, r.getObject(1));
                    insert.setString(3, org.haven.crypto.Envelopes.seal(org.haven.crypto.Purpose.NOTE, key.kid(),
                            org.haven.crypto.Base64Url.decode(key.publicKey()), note).toJson());
                    insert.executeUpdate();
                }
            }
        }
    }

    private String shown(String dimension, String value) {
        return browser.findElement(By.cssSelector(
                "table[data-dimension=" + dimension + "] tr[data-value=" + value + "] td")).getText();
    }

    /**
     * The shown count, or {@link Long#MAX_VALUE} when a group of 5 or more is hidden by secondary suppression
     * (which depends on what else is in the shared test database, so either is acceptable here).
     */
    private long count(String dimension, String value) {
        String text = shown(dimension, value);
        return "<5".equals(text) ? Long.MAX_VALUE : Long.parseLong(text);
    }

    private long exports() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from audit_entry where actor = ? and action = 'EXPORT'")) {
            s.setString(1, DemoStaff.CASEWORKER);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void signIn() {
        org.haven.casework.StaffBrowser.signIn(browser, base.toString(), dataSource, DemoStaff.CASEWORKER,
                DemoStaff.CASEWORKER_PASSWORD, DemoStaff.totpSecret(DemoStaff.CASEWORKER));
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
