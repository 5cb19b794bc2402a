package org.haven.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.haven.browser.Chromium;
import org.haven.casework.keys.GrantPlaintext;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.PasswordHashing;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;
import org.haven.crypto.StaffKeys;
import org.haven.crypto.Totp;
import org.haven.intake.Questionnaire;
import org.haven.testing.ProdJar;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Caseworker-side benchmark: the production jar on an embedded PostgreSQL 17, seeded through the intake API
 * with reports sealed here, read by a caseworker in headless Chromium. Measures (1) the inbox with
 * {@code bench.inboxReports} (1000) reports: opening and listing a page of 50; (2) the statistics page with
 * {@code bench.statsReports} (5000) reports: time to open and count them all, and the page's JS heap.
 * Run it with {@code bench/stats.sh}; it is not a test.
 */
public final class StatsBench {

    private static final int INBOX_REPORTS = Integer.getInteger("bench.inboxReports", 1000);
    private static final int STATS_REPORTS = Integer.getInteger("bench.statsReports", 5000);
    private static final int PAGE_RUNS = Integer.getInteger("bench.pageRuns", 10);
    private static final int ACCOUNT_CHARS = Integer.getInteger("bench.accountChars", 1200);
    private static final int PG_PORT = Integer.getInteger("bench.pgPort", 54399);
    private static final int HTTP_PORT = Integer.getInteger("bench.httpPort", 18081);
    private static final Path WORK = Path.of("target", "bench-stats").toAbsolutePath();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = "bench caseworker password";
    private static final String PASSPHRASE = "bench key passphrase";

    /** Clicks "next page" and times until the new page's 50 rows are in the table. */
    private static final String NEXT_PAGE = """
            const done = arguments[arguments.length - 1];
            const label = document.getElementById('page-label');
            const before = label.textContent;
            const t0 = performance.now();
            const check = () => {
              if (label.textContent !== before && document.querySelectorAll('#reports tbody tr').length > 0) {
                done(performance.now() - t0);
              } else {
                requestAnimationFrame(check);
              }
            };
            document.getElementById('next-page').click();
            check();
            """;

    private final StringBuilder report = new StringBuilder();
    private byte[] totpSecret;

    private StatsBench() {
    }

    public static void main(String[] args) throws Exception {
        new StatsBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(WORK);
        say("# Haven caseworker benchmark (inbox and statistics), " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        say(String.format(Locale.ROOT, "machine: %d cores; Java %s; load average at start %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Stats.loadAverage()));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(PG_PORT)
                .setDataDirectory(WORK.resolve("postgres")).setCleanDataDirectory(true).start();
        String jdbcUrl = "jdbc:postgresql://localhost:" + PG_PORT + "/postgres";
        Process haven = null;
        ChromeDriver browser = null;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            haven = startHaven(jdbcUrl);
            String base = "http://localhost:" + HTTP_PORT;

            Hpke.KeyPair intake = Hpke.generateKeyPair();
            String kid = "bench-" + System.currentTimeMillis();
            seedKeysAndCaseworker(db, kid, intake);
            say(String.format(Locale.ROOT, "reports: random crime type, force, strands, language; account text %d "
                    + "chars (the 2 KiB padding bucket)", ACCOUNT_CHARS));

            long t0 = System.nanoTime();
            List<byte[]> bodies = seal(STATS_REPORTS, kid, intake.publicKey());
            say(String.format(Locale.ROOT, "sealed %d reports in Java in %.1f s", bodies.size(),
                    (System.nanoTime() - t0) / 1e9));
            submit(base, bodies.subList(0, INBOX_REPORTS));

            browser = Chromium.start(true);
            say("Chromium " + browser.getCapabilities().getBrowserVersion());
            signIn(browser, base);

            heading("Inbox with " + INBOX_REPORTS + " reports");
            browser.get(base + "/casework/inbox");
            wait(browser, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(PASSPHRASE);
            long unlockStart = System.nanoTime();
            browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
            wait(browser, 120).until(d -> d.findElements(By.cssSelector("#reports tbody tr")).size() == 50);
            say(String.format(Locale.ROOT, "unlock (PBKDF2 600,000 + grant) and first page of 50 opened and listed: "
                    + "%.0f ms (Selenium clock)", (System.nanoTime() - unlockStart) / 1e6));
            double[] pages = new double[PAGE_RUNS];
            for (int i = 0; i < PAGE_RUNS; i++) {
                pages[i] = ((Number) browser.executeAsyncScript(NEXT_PAGE)).doubleValue();
            }
            double mean = Stats.mean(pages);
            java.util.Arrays.sort(pages);
            say(String.format(Locale.ROOT, "next page (fetch 50 sealed reports, open each, list): mean %.0f ms, p50 "
                    + "%.0f ms, max %.0f ms over %d pages", mean, Stats.percentile(pages, 50), pages[pages.length - 1],
                    PAGE_RUNS));

            submit(base, bodies.subList(INBOX_REPORTS, STATS_REPORTS));
            heading("Statistics over " + STATS_REPORTS + " reports");
            browser.get(base + "/casework/stats");
            wait(browser, 30).until(ExpectedConditions.visibilityOfElementLocated(By.id("passphrase"))).sendKeys(PASSPHRASE);
            browser.executeCdpCommand("Performance.enable", Map.of());
            browser.executeCdpCommand("HeapProfiler.enable", Map.of());
            browser.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
            double baseline = heap(browser);
            browser.findElement(By.cssSelector("#key-unlock-form button[type=submit]")).click();
            double peak = baseline;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!browser.findElement(By.id("results")).isDisplayed()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("statistics not done in 10 minutes: "
                            + browser.findElement(By.id("progress-text")).getText());
                }
                peak = Math.max(peak, heap(browser));
                Thread.sleep(100);
            }
            peak = Math.max(peak, heap(browser));
            @SuppressWarnings("unchecked")
            Map<String, Object> marks = (Map<String, Object>) browser.executeScript("""
                    const t = (n) => performance.getEntriesByName(n)[0].startTime;
                    return { counting: t('haven-stats-counted') - t('haven-stats-unlocked'),
                             drawing: t('haven-stats-shown') - t('haven-stats-counted'),
                             progress: document.getElementById('progress-text').textContent,
                             usedJsHeap: performance.memory.usedJSHeapSize };
                    """);
            double after = heap(browser);
            browser.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
            double retained = heap(browser);
            say(String.format(Locale.ROOT, "open and count %s reports (from unlocked key to last tally, 4 pages of 50 "
                    + "in flight): %.0f ms; draw 7 charts and tables: %.0f ms", marks.get("progress"),
                    ((Number) marks.get("counting")).doubleValue(), ((Number) marks.get("drawing")).doubleValue()));
            say(String.format(Locale.ROOT, "JS heap (CDP Performance.getMetrics JSHeapUsedSize): %.1f MB before unlock "
                    + "(after GC), peak %.1f MB sampled every 100 ms while counting, %.1f MB when done, %.1f MB after GC; "
                    + "performance.memory.usedJSHeapSize when done %.1f MB", baseline / 1e6, peak / 1e6, after / 1e6,
                    retained / 1e6, ((Number) marks.get("usedJsHeap")).doubleValue() / 1e6));
            say(String.format(Locale.ROOT, "crime-type table row count: %d", browser.findElements(
                    By.cssSelector("table[data-dimension=crime_type] tbody tr")).size()));
            say("load average at end " + Stats.loadAverage());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            if (haven != null) {
                haven.destroy();
                haven.waitFor();
            }
            postgres.close();
        }
        Path out = WORK.resolve("results-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + ".md");
        Files.writeString(out, report.toString());
        System.out.println("\nwritten to " + out);
    }

    private Process startHaven(String jdbcUrl) throws Exception {
        Path log = WORK.resolve("haven.log");
        long start = System.nanoTime();
        Process haven = ProdJar.start(PG_PORT, HTTP_PORT, Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "HAVEN_STAFF_SECURE_COOKIE", "false"), List.of(), log); // plain HTTP on localhost
        ProdJar.waitReady(haven, "http://localhost:" + HTTP_PORT, start, log);
        return haven;
    }

    /** What an admin's and a caseworker's browsers would have done: intake key, caseworker, key, grant. */
    private void seedKeysAndCaseworker(Connection db, String kid, Hpke.KeyPair intake) throws Exception {
        try (PreparedStatement s = db.prepareStatement(
                "insert into intake_key(kid, public_key, created_at, active) values (?, ?, now(), true)")) {
            s.setString(1, kid);
            s.setBytes(2, intake.publicKey());
            s.executeUpdate();
        }
        UUID account = UUID.randomUUID();
        totpSecret = Totp.newSecret(RANDOM);
        try (PreparedStatement s = db.prepareStatement("insert into staff_account (id, username, role, password_hash, "
                + "totp_secret, created_at) values (?, 'bench', 'caseworker', ?, ?, now())")) {
            s.setObject(1, account);
            s.setString(2, PasswordHashing.hash(PASSWORD));
            s.setBytes(3, totpSecret);
            s.executeUpdate();
        }
        Hpke.KeyPair staff = Hpke.generateKeyPair();
        try (PreparedStatement s = db.prepareStatement("insert into staff_key (account_id, public_key, "
                + "wrapped_private_key, created_at) values (?, ?, ?, now())")) {
            s.setObject(1, account);
            s.setBytes(2, staff.publicKey());
            s.setString(3, StaffKeys.wrap(PASSPHRASE, staff.privateKey(), staff.publicKey()).toJson());
            s.executeUpdate();
        }
        try (PreparedStatement s = db.prepareStatement(
                "insert into key_grant (kid, account_id, envelope, created_at) values (?, ?, ?, now())")) {
            s.setString(1, kid);
            s.setObject(2, account);
            s.setString(3, Envelopes.seal(Purpose.GRANT, "staff", staff.publicKey(),
                    GrantPlaintext.of(intake.privateKey(), intake.publicKey())).toJson());
            s.executeUpdate();
        }
    }

    /** Submission bodies as report.js builds them, with varied answers; one wrapped mailbox key shared by all. */
    private static List<byte[]> seal(int count, String kid, byte[] intakePublicKey) throws Exception {
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        Object wrapped = JSON.readValue(ReceiptKeys.wrap(ReceiptKeys.newReceipt(RANDOM), mailbox.privateKey(),
                mailbox.publicKey()).toJson(), Map.class);
        String mailboxPublic = Base64Url.encode(mailbox.publicKey());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                String consent = pick(List.of("police", "record", "talk"));
                Map<String, Object> answers = new LinkedHashMap<>();
                answers.put("crime_type", pick(Questionnaire.CRIME_TYPES));
                if (RANDOM.nextInt(4) == 0) {
                    answers.put("hate_strands", List.of(pick(Questionnaire.HATE_STRANDS)));
                }
                answers.put("role", "victim");
                answers.put("where_force", pick(Questionnaire.FORCES));
                answers.put("account", "x".repeat(ACCOUNT_CHARS));
                answers.put("consent", consent);
                byte[] plaintext = JSON.writeValueAsBytes(Map.of("schema", "haven.report/1",
                        "lang", RANDOM.nextInt(3) == 0 ? "ar" : "en", "answers", answers));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("submissionKey", Base64Url.encode(random(18)));
                body.put("envelope", JSON.readValue(Envelopes.seal(Purpose.REPORT, kid, intakePublicKey, plaintext)
                        .toJson(), Map.class));
                body.put("mailboxPublicKey", mailboxPublic);
                body.put("mailboxWrappedKey", wrapped);
                body.put("token", Base64Url.encode(random(32)));
                body.put("consent", consent);
                return JSON.writeValueAsBytes(body);
            }));
        }
        List<byte[]> out = new ArrayList<>();
        for (Future<byte[]> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    private void submit(String base, List<byte[]> bodies) throws Exception {
        long t0 = System.nanoTime();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(base + "/api/reports");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> futures = new ArrayList<>();
        for (byte[] body : bodies) {
            futures.add(pool.submit(() -> client.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        for (Future<Integer> f : futures) {
            if (f.get() != 201) {
                throw new IllegalStateException("submission answered " + f.get());
            }
        }
        pool.shutdown();
        say(String.format(Locale.ROOT, "submitted %d reports through POST /api/reports in %.1f s", bodies.size(),
                (System.nanoTime() - t0) / 1e9));
    }

    private void signIn(ChromeDriver browser, String base) {
        browser.get(base + "/casework/login");
        browser.findElement(By.id("username")).sendKeys("bench");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(browser, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        long step = Totp.step(Instant.now().getEpochSecond());
        browser.findElement(By.id("code")).sendKeys(Totp.code(totpSecret, step));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(browser, 20).until(ExpectedConditions.urlToBe(base + "/casework"));
    }

    @SuppressWarnings("unchecked")
    private static double heap(ChromeDriver browser) {
        Map<String, Object> metrics = browser.executeCdpCommand("Performance.getMetrics", Map.of());
        for (Map<String, Object> m : (List<Map<String, Object>>) metrics.get("metrics")) {
            if ("JSHeapUsedSize".equals(m.get("name"))) {
                return ((Number) m.get("value")).doubleValue();
            }
        }
        return Double.NaN;
    }

    private static WebDriverWait wait(ChromeDriver browser, int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private static <T> T pick(List<T> options) {
        return options.get(RANDOM.nextInt(options.size()));
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void say(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void heading(String title) {
        say("\n## " + title);
    }

    static {
        // Quiet the JDK HTTP client's and Selenium's chatter; the bench prints what it measured.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    }
}
