package org.haven.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.testing.PreSealed;
import org.haven.testing.ProdJar;

/**
 * Haven's intake benchmark: the production jar against an embedded PostgreSQL 17, measured from outside.
 * Run it with {@code bench/intake.sh}; it is not a test and never runs in {@code ./mvnw verify}.
 *
 * <p>Settings (system properties): {@code bench.submissions} (5000), {@code bench.warmup} (500),
 * {@code bench.clients} (32), {@code bench.plaintextBytes} (8000, i.e. the 8 KiB padding bucket),
 * {@code bench.sealRuns} (200), {@code bench.pgPort} (54398), {@code bench.httpPort} (18080),
 * {@code bench.waitIdleSeconds} (0: how long to wait for the 1-minute load to fall below 1 before starting),
 * {@code bench.havenJvmArgs} (none: extra JVM options for Haven, e.g. {@code -XX:StartFlightRecording=filename=x.jfr}).
 */
public final class IntakeBench {

    private static final int SUBMISSIONS = Integer.getInteger("bench.submissions", 5000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 500);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final int PLAINTEXT_BYTES = Integer.getInteger("bench.plaintextBytes", 8000);
    private static final int SEAL_RUNS = Integer.getInteger("bench.sealRuns", 200);
    private static final int SEAL_WARMUP = Integer.getInteger("bench.sealWarmup", 30);
    private static final int PG_PORT = Integer.getInteger("bench.pgPort", 54398);
    private static final int HTTP_PORT = Integer.getInteger("bench.httpPort", 18080);
    private static final int WAIT_IDLE_SECONDS = Integer.getInteger("bench.waitIdleSeconds", 0);
    private static final Path WORK = Path.of("target", "bench").toAbsolutePath();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private final StringBuilder report = new StringBuilder();
    private final List<Long> ours = new ArrayList<>();

    private IntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        int status = new IntakeBench().run();
        System.exit(status);
    }

    private int run() throws Exception {
        Files.createDirectories(WORK);
        ours.add(ProcessHandle.current().pid());
        Stats.waitForIdleMachine(WAIT_IDLE_SECONDS);
        say("# Haven intake benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        say(String.format(Locale.ROOT, "machine: %d cores, %s; Java %s; load average at start %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
                Stats.loadAverage()));
        say("busy processes at start (not the bench's): " + Stats.otherBusyProcesses(ours));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(PG_PORT)
                .setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .start();
        long postmaster = Long.parseLong(Files.readAllLines(WORK.resolve("postgres").resolve("postmaster.pid")).get(0)
                .trim());
        ours.add(postmaster);
        ours.addAll(Stats.children(postmaster));
        String jdbcUrl = "jdbc:postgresql://localhost:" + PG_PORT + "/postgres";
        Process haven = null;
        BrowserBench browser = null;
        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            say(String.format(Locale.ROOT, "PostgreSQL %s (zonky embedded, port %d; fsync %s, synchronous_commit %s, "
                    + "shared_buffers %s)", setting(admin, "server_version"), PG_PORT, setting(admin, "fsync"),
                    setting(admin, "synchronous_commit"), setting(admin, "shared_buffers")));

            // Intake key: made here, as the organisation would, and registered once Flyway has made the table.
            Hpke.KeyPair intake = Hpke.generateKeyPair();
            String kid = "bench-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                    .format(Instant.now());

            long sealStart = System.nanoTime();
            PreSealed.Batch batch = PreSealed.seal(WARMUP + SUBMISSIONS, kid, intake.publicKey(), PLAINTEXT_BYTES);
            say(String.format(Locale.ROOT, "pre-sealed %d submissions in %.1f s (plaintext %d B -> 8 KiB bucket, "
                    + "request body %d B)", WARMUP + SUBMISSIONS, (System.nanoTime() - sealStart) / 1e9,
                    PLAINTEXT_BYTES, batch.bodyBytes()));
            System.gc();

            // ---- 4. start time and idle RSS ----
            heading("JVM start and memory (prod jar)");
            List<String> jvmArgs = new ArrayList<>();
            String extra = System.getProperty("bench.havenJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                jvmArgs.addAll(List.of(extra.split("\\s+")));
            }
            say("Haven: " + ProdJar.javaBinary() + " " + String.join(" ", jvmArgs) + " -jar " + ProdJar.JAR);
            String base = "http://localhost:" + HTTP_PORT;
            String loadBeforeStart = Stats.loadAverage();
            long start = System.nanoTime();
            haven = ProdJar.start(PG_PORT, HTTP_PORT, Map.of(), jvmArgs, WORK.resolve("haven.log"));
            ours.add(haven.pid());
            double readySeconds = ProdJar.waitReady(haven, base, start, WORK.resolve("haven.log"));
            String rssStart = Stats.vmRss(haven.pid());
            String started = startedIn();
            say(String.format(Locale.ROOT, "'started in' log line: %s s; wall clock from exec to first 200 on "
                    + "/q/health/ready: %.2f s (load before start %s)", started, readySeconds, loadBeforeStart));
            Thread.sleep(10_000);
            say("RSS (VmRSS): " + rssStart + " right after ready; " + Stats.vmRss(haven.pid())
                    + " after 10 s idle (java -jar with JVM defaults, no -Xmx/-Xms)");

            try (PreparedStatement insert = admin.prepareStatement(
                    "insert into intake_key(kid, public_key, created_at, active) values (?, ?, now(), true)")) {
                insert.setString(1, kid);
                insert.setBytes(2, intake.publicKey());
                insert.executeUpdate();
            }

            // ---- 2 and 3. browser ----
            heading("Report form in headless Chromium");
            browser = new BrowserBench(base);
            say("Chromium " + browser.version());
            for (String lang : List.of("en", "ar")) {
                say(browser.pageWeight(lang).describe().stripTrailing());
            }
            BrowserBench.SealTiming seal = browser.sealTiming(kid, Base64Url.encode(intake.publicKey()),
                    PLAINTEXT_BYTES, SEAL_WARMUP, SEAL_RUNS);
            say(String.format(Locale.ROOT, "sealEnvelope('report', %d B) in Chromium: mean %.2f ms, p50 %.2f ms, "
                    + "p95 %.2f ms, max %.2f ms over %d runs after %d warm-up (ct %d base64url chars)",
                    PLAINTEXT_BYTES, seal.mean(), seal.p50(), seal.p95(), seal.max(), seal.runs(), SEAL_WARMUP,
                    seal.ctChars()));
            browser.quit();
            browser = null;

            // ---- 1. throughput ----
            heading("POST /api/reports vs raw JDBC inserts, " + CLIENTS + " concurrent clients");
            List<PreSealed.Submission> warm = batch.items().subList(0, WARMUP);
            List<PreSealed.Submission> timed = batch.items().subList(WARMUP, WARMUP + SUBMISSIONS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI reports = URI.create(base + "/api/reports");
            // Plain keep-alive sockets by default; -Dbench.client=jdk measures with java.net.http instead.
            boolean jdkClient = "jdk".equals(System.getProperty("bench.client"));
            Load.WorkerFactory warmLoad = jdkClient ? Load.http(client, reports, warm)
                    : Load.socket(reports.getHost(), reports.getPort(), reports.getPath(), warm);
            Load.WorkerFactory timedLoad = jdkClient ? Load.http(client, reports, timed)
                    : Load.socket(reports.getHost(), reports.getPort(), reports.getPath(), timed);
            say("HTTP client: " + (jdkClient ? "java.net.http" : "plain keep-alive sockets"));
            say(Load.run("warm-up POST /api/reports", WARMUP, CLIENTS, warmLoad, haven.pid(), postmaster).line());
            Load.Result api = Load.run("POST /api/reports (Haven)", SUBMISSIONS, CLIENTS, timedLoad, haven.pid(),
                    postmaster);
            say(api.line());
            long stored = count(admin, "select count(*) from report");
            say("rows in report after the run: " + stored + " (expected " + (WARMUP + SUBMISSIONS) + ")");

            try (Statement ddl = admin.createStatement()) {
                ddl.execute("drop table if exists bench_raw_report");
                ddl.execute("create table bench_raw_report (like report including all)");
                ddl.execute("drop table if exists bench_seq_report");
                ddl.execute("create table bench_seq_report (like report including all)");
            }
            say(Load.run("warm-up raw INSERT", WARMUP, CLIENTS,
                    Load.rawInsert(jdbcUrl, "bench_raw_report", warm, kid, batch), 0, postmaster).line());
            Load.Result raw = Load.run("raw JDBC INSERT (autocommit)", SUBMISSIONS, CLIENTS,
                    Load.rawInsert(jdbcUrl, "bench_raw_report", timed, kid, batch), 0, postmaster);
            say(raw.line());
            say(Load.run("warm-up JDBC submit sequence", WARMUP, CLIENTS,
                    Load.submitSequence(jdbcUrl, "bench_seq_report", warm, kid, batch), 0, postmaster).line());
            Load.Result sequence = Load.run("JDBC: tx{select,select,insert}", SUBMISSIONS, CLIENTS,
                    Load.submitSequence(jdbcUrl, "bench_seq_report", timed, kid, batch), 0, postmaster);
            say(sequence.line());
            say(String.format(Locale.ROOT, "Haven / raw INSERT: %.0f %% (target >= 60 %%); Haven / same statements "
                    + "over JDBC: %.0f %%; Haven p99 %.1f ms (target < 50 ms)", 100 * api.perSecond() / raw.perSecond(),
                    100 * api.perSecond() / sequence.perSecond(), api.p(99)));
            say("RSS after the load: " + Stats.vmRss(haven.pid()));
            say("busy processes at the end (not the bench's): " + Stats.otherBusyProcesses(ours));
            try (Statement ddl = admin.createStatement()) {
                ddl.execute("drop table bench_raw_report");
                ddl.execute("drop table bench_seq_report");
            }
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
        System.out.println("\nwritten to " + out + "; Haven's log is " + WORK.resolve("haven.log"));
        return 0;
    }

    private void say(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void heading(String title) {
        say("\n## " + title);
    }



    private static String startedIn() throws IOException {
        Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(WORK.resolve("haven.log")));
        return m.find() ? m.group(1) : "?";
    }



    private static String setting(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); var rows = s.executeQuery("show " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); var rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
