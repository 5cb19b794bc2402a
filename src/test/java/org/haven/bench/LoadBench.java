package org.haven.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.testing.PreSealed;
import org.haven.testing.ProdJar;
import org.haven.testing.StaffAccounts;
import org.haven.web.Locales;

/**
 * Mixed-traffic load benchmark (issue 8, "Load"): the production jar on an embedded PostgreSQL 17 under closed-loop
 * traffic from {@link MixedTraffic} (reporter pages in every language, sealed submissions, mailbox sign-ins with
 * receipts of earlier submissions and some wrong ones, caseworker inbox pages in signed-in sessions), at rising
 * concurrency until the overall p99 passes {@code bench.p99LimitMs}. Haven runs under JDK Flight Recorder; the
 * step where p99 crossed the limit is profiled from the recording. Run it with {@code bench/load.sh}; it is not a
 * test and never runs in {@code ./mvnw verify}.
 *
 * <p>Settings (system properties): {@code bench.steps} (2,4,8,16,32,64,128,256,512 clients),
 * {@code bench.stepSeconds} (30, recorded), {@code bench.settleSeconds} (5, unrecorded at the start of each step),
 * {@code bench.warmupSeconds} (60), {@code bench.p99LimitMs} (250), {@code bench.seedReports} (2000),
 * {@code bench.envelopes} (500 distinct sealed envelopes, reused with fresh submission keys and tokens),
 * {@code bench.plaintextBytes} (1500: the 2 KiB padding bucket), {@code bench.caseworkers} (4),
 * {@code bench.pgPort} (54401), {@code bench.httpPort} (18281), {@code bench.havenJvmArgs}
 * ({@code -XX:MaxRAM=768m -XX:MaxRAMPercentage=70}, the Helm chart's heap), {@code bench.aloneClients} (8) and
 * {@code bench.aloneSeconds} (10) for the cost of each kind alone, measured after the steps,
 * {@code bench.compression} (true: ask for compressed answers as browsers do),
 * {@code bench.waitIdleSeconds} (0: how long to wait for the 1-minute load to fall below 1 before starting).
 */
public final class LoadBench {

    private static final List<Integer> STEPS = Arrays.stream(System.getProperty("bench.steps",
            "2,4,8,16,32,64,128,256,512").split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final double STEP_SECONDS = Double.parseDouble(System.getProperty("bench.stepSeconds", "30"));
    private static final double SETTLE_SECONDS = Double.parseDouble(System.getProperty("bench.settleSeconds", "5"));
    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmupSeconds", "60"));
    private static final double P99_LIMIT_MS = Double.parseDouble(System.getProperty("bench.p99LimitMs", "250"));
    private static final int SEED_REPORTS = Integer.getInteger("bench.seedReports", 2000);
    private static final int ENVELOPES = Integer.getInteger("bench.envelopes", 500);
    private static final int PLAINTEXT_BYTES = Integer.getInteger("bench.plaintextBytes", 1500);
    private static final int CASEWORKERS = Integer.getInteger("bench.caseworkers", 4);
    private static final int PG_PORT = Integer.getInteger("bench.pgPort", 54401);
    private static final int HTTP_PORT = Integer.getInteger("bench.httpPort", 18281);
    private static final int ALONE_CLIENTS = Integer.getInteger("bench.aloneClients", 8);
    private static final double ALONE_SECONDS = Double.parseDouble(System.getProperty("bench.aloneSeconds", "10"));
    private static final int WAIT_IDLE_SECONDS = Integer.getInteger("bench.waitIdleSeconds", 0);
    private static final Path WORK = Path.of("target", "bench-load").toAbsolutePath();
    private static final Path JFR = WORK.resolve("haven.jfr");
    /** Prod's staff cookie (Secure, __Host-); carried by hand over plain HTTP on localhost. */
    private static final String COOKIE = "__Host-haven-staff";

    /** One concurrency step as measured. */
    record Step(int clients, MixedTraffic.Phase phase, double seconds, double havenCores, double postgresCores,
            double benchCores, double machineBusy, String load, String rss, Instant from, Instant to, long reports) {

        double p99() {
            return Stats.percentile(phase.all().sorted(), 99);
        }

        double rate() {
            return phase.all().count() / seconds;
        }
    }

    private final StringBuilder report = new StringBuilder();
    private final List<Long> ours = new ArrayList<>();

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        new LoadBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(WORK);
        Files.deleteIfExists(JFR);
        ours.add(ProcessHandle.current().pid());
        Stats.waitForIdleMachine(WAIT_IDLE_SECONDS);
        say("# Haven mixed-load benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        say(String.format(Locale.ROOT, "machine: %d cores; Java %s; `uptime` at start: %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), uptime()));
        say("busy processes at start (not the bench's): " + Stats.otherBusyProcesses(ours));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setServerConfig("max_connections", "200").start();
        long postmaster = Long.parseLong(Files.readAllLines(WORK.resolve("postgres").resolve("postmaster.pid")).get(0)
                .trim());
        ours.add(postmaster);
        String jdbcUrl = "jdbc:postgresql://localhost:" + PG_PORT + "/postgres";
        Process haven = null;
        List<Step> steps = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            List<String> jvmArgs = new ArrayList<>(List.of("-XX:StartFlightRecording=filename=" + JFR
                    + ",settings=profile,dumponexit=true", "-XX:FlightRecorderOptions=stackdepth=256"));
            // As the Helm chart sizes the heap: 70 % of a 768 Mi memory limit (JVM defaults would take a quarter
            // of this machine's RAM and let RSS grow to match).
            String extra = System.getProperty("bench.havenJvmArgs", "-XX:MaxRAM=768m -XX:MaxRAMPercentage=70").trim();
            if (!extra.isEmpty()) {
                jvmArgs.addAll(List.of(extra.split("\\s+")));
            }
            Path log = WORK.resolve("haven.log");
            String base = "http://localhost:" + HTTP_PORT;
            long start = System.nanoTime();
            haven = ProdJar.start(PG_PORT, HTTP_PORT, Map.of(), jvmArgs, log);
            ours.add(haven.pid());
            ProdJar.waitReady(haven, base, start, log);
            say("Haven: prod jar, `java " + String.join(" ", jvmArgs) + " -jar quarkus-run.jar` (JVM defaults "
                    + "otherwise; heap sized as the Helm chart does); proof of work off and flood limits raised as "
                    + "org.haven.testing.ProdJar sets them "
                    + "(HAVEN_FLOOD_PROOF_REQUIRED=false, sign-in and no-JS budgets 1,000,000), so the bench measures "
                    + "work, not refusals. PostgreSQL 17 (zonky embedded, fsync off, max_connections 200).");

            Hpke.KeyPair intake = Hpke.generateKeyPair();
            String kid = "load-" + System.currentTimeMillis();
            try (PreparedStatement s = db.prepareStatement(
                    "insert into intake_key(kid, public_key, created_at, active) values (?, ?, now(), true)")) {
                s.setString(1, kid);
                s.setBytes(2, intake.publicKey());
                s.executeUpdate();
            }
            PreSealed.Batch sealed = PreSealed.seal(ENVELOPES, kid, intake.publicKey(), PLAINTEXT_BYTES);
            List<String> cookies = new ArrayList<>();
            for (int i = 0; i < CASEWORKERS; i++) {
                cookies.add(COOKIE + "=" + enrolCaseworker(db, base));
            }
            MixedTraffic.Target target = new MixedTraffic.Target(Locales.ALL,
                    sealed.items().stream().map(PreSealed.Submission::envelopeJson).toList(),
                    Base64Url.encode(sealed.mailboxPublicKey()), sealed.wrappedJson(), cookies,
                    Math.max(1, Math.min(10, SEED_REPORTS / 50)));
            int maxClients = STEPS.stream().mapToInt(Integer::intValue).max().orElse(64);
            try (MixedTraffic traffic = new MixedTraffic("localhost", HTTP_PORT, maxClients, target)) {
                double seeded = traffic.seed(SEED_REPORTS, 16);
                say(String.format(Locale.ROOT, "seeded %d reports (plaintext %d B, 2 KiB bucket; %d distinct "
                        + "envelopes, each submission with its own submission key and token) in %.1f s; %d "
                        + "caseworkers signed in (password + TOTP enrolment)", SEED_REPORTS, PLAINTEXT_BYTES,
                        ENVELOPES, seeded, CASEWORKERS));
                say("mix (share of requests): " + Arrays.stream(MixedTraffic.Kind.values()).filter(k -> k.weight > 0)
                        .map(k -> k.weight + " % " + k.label).collect(Collectors.joining("; "))
                        + "; languages: all " + Locales.ALL.size() + "; inbox pages 0-" + (target.inboxPages() - 1)
                        + "; Accept-Encoding: " + (Boolean.parseBoolean(System.getProperty("bench.compression", "true"))
                        ? "gzip, deflate, br, zstd (as browsers)" : "identity (-Dbench.compression=false)"));
                traffic.run(16, WARMUP_SECONDS, 0, () -> { }, () -> { });
                say(String.format(Locale.ROOT, "warm-up: %.0f s at 16 clients (not recorded); each step then runs "
                        + "%.0f s unrecorded and %.0f s recorded; closed loop, no think time", WARMUP_SECONDS,
                        SETTLE_SECONDS, STEP_SECONDS));
                for (int clients : STEPS) {
                    Step step = step(traffic, db, clients, SETTLE_SECONDS, STEP_SECONDS, null, haven.pid(), postmaster);
                    steps.add(step);
                    printStep(step);
                    if (step.p99() > P99_LIMIT_MS) {
                        break;
                    }
                }
                costPerKind(traffic, db, haven.pid(), postmaster);
            }
            say("\n`uptime` at end of load: " + uptime());
            say("busy processes at the end (not the bench's): " + Stats.otherBusyProcesses(ours));
        } finally {
            if (haven != null) {
                haven.destroy(); // SIGTERM: JFR writes the recording on exit
                if (!haven.waitFor(60, TimeUnit.SECONDS)) {
                    haven.destroyForcibly().waitFor();
                }
            }
            postgres.close();
        }
        summarise(steps);
        Path out = WORK.resolve("results-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + ".md");
        Files.writeString(out, report.toString());
        System.out.println("\nwritten to " + out + "; Haven's log and recording are in " + WORK);
    }

    private Step step(MixedTraffic traffic, Connection db, int clients, double settle, double recorded,
            MixedTraffic.Kind only, long havenPid, long postmaster) throws Exception {
        double[] cpu = new double[3];
        long[][] machine = new long[2][];
        Instant[] window = new Instant[2];
        long[] nanos = new long[2];
        String[] load = new String[1];
        String[] rss = new String[1];
        MixedTraffic.Phase phase = traffic.run(clients, settle, recorded, () -> {
            window[0] = Instant.now();
            nanos[0] = System.nanoTime();
            machine[0] = Stats.machineJiffies();
            cpu[0] = Stats.cpuSeconds(havenPid);
            cpu[1] = Stats.cpuSecondsWithChildren(postmaster);
            cpu[2] = Stats.cpuSeconds(ProcessHandle.current().pid());
        }, () -> {
            nanos[1] = System.nanoTime();
            window[1] = Instant.now();
            machine[1] = Stats.machineJiffies();
            double wall = (nanos[1] - nanos[0]) / 1e9;
            cpu[0] = (Stats.cpuSeconds(havenPid) - cpu[0]) / wall;
            cpu[1] = (Stats.cpuSecondsWithChildren(postmaster) - cpu[1]) / wall;
            cpu[2] = (Stats.cpuSeconds(ProcessHandle.current().pid()) - cpu[2]) / wall;
            load[0] = Stats.loadAverage();
            rss[0] = Stats.vmRss(havenPid);
        }, only);
        double busy = (double) (machine[1][0] - machine[0][0]) / Math.max(1, machine[1][1] - machine[0][1]);
        long reports;
        try (var s = db.createStatement(); var rows = s.executeQuery("select count(*) from report")) {
            rows.next();
            reports = rows.getLong(1); // the inbox's page query and count scan them all, so its cost grows with this
        }
        return new Step(clients, phase, (nanos[1] - nanos[0]) / 1e9, cpu[0], cpu[1], cpu[2], busy, load[0], rss[0],
                window[0], window[1], reports);
    }

    /** Each kind alone at a few clients: what one request of it costs Haven and PostgreSQL in CPU. */
    private void costPerKind(MixedTraffic traffic, Connection db, long havenPid, long postmaster) throws Exception {
        heading(String.format(Locale.ROOT, "Cost of each kind alone (%d clients, %.0f s each, after the steps)",
                ALONE_CLIENTS, ALONE_SECONDS));
        say("| kind | requests/s alone | p50 ms | p99 ms | Haven CPU ms per request | PostgreSQL CPU ms per request "
                + "| response KB as sent | reports stored after | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (MixedTraffic.Kind kind : MixedTraffic.Kind.values()) {
            Step alone = step(traffic, db, ALONE_CLIENTS, 2, ALONE_SECONDS, kind, havenPid, postmaster);
            MixedTraffic.Series series = alone.phase().byKind.get(kind);
            double[] sorted = series.sorted();
            double requests = Math.max(1, sorted.length);
            say(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.2f | %.2f | %.1f | %d | %d |", kind.label,
                    sorted.length / alone.seconds(), Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
                    alone.havenCores() * alone.seconds() * 1000 / requests,
                    alone.postgresCores() * alone.seconds() * 1000 / requests, series.bytes / requests / 1000,
                    alone.reports(), series.errors));
        }
    }

    private void printStep(Step step) {
        heading(String.format(Locale.ROOT, "%d clients: %.0f requests/s, p99 %.0f ms", step.clients(), step.rate(),
                step.p99()));
        say(String.format(Locale.ROOT, "Haven CPU %.2f cores, PostgreSQL %.2f cores, load generator %.2f cores, "
                + "machine busy %.0f %% (of 2 cores), Haven RSS %s, load average %s; %d reports stored",
                step.havenCores(), step.postgresCores(), step.benchCores(), step.machineBusy() * 100, step.rss(),
                step.load(), step.reports()));
        say("| kind | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|");
        List<String> errors = new ArrayList<>();
        for (MixedTraffic.Kind kind : MixedTraffic.Kind.values()) {
            if (kind.weight == 0) {
                continue;
            }
            MixedTraffic.Series series = step.phase().byKind.get(kind);
            say(row(kind.label, series, step.seconds()));
            if (series.firstError != null) {
                errors.add(kind.label + ": " + series.firstError);
            }
        }
        say(row("**all**", step.phase().all(), step.seconds()));
        errors.forEach(e -> say("first error, " + e));
    }

    private static String row(String label, MixedTraffic.Series series, double seconds) {
        double[] sorted = series.sorted();
        if (sorted.length == 0) {
            return "| " + label + " | 0 | | | | " + series.errors + " |";
        }
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d |", label, sorted.length / seconds,
                Stats.percentile(sorted, 50), Stats.percentile(sorted, 95), Stats.percentile(sorted, 99),
                series.errors);
    }

    private void summarise(List<Step> steps) throws IOException {
        heading("Summary");
        say("| clients | requests/s | p50 ms | p95 ms | p99 ms | errors | Haven CPU (cores) | PostgreSQL CPU | "
                + "generator CPU | machine busy | Haven RSS | reports stored |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Step s : steps) {
            double[] all = s.phase().all().sorted();
            say(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.2f | %.0f %% | %s | %d |",
                    s.clients(), s.rate(), Stats.percentile(all, 50), Stats.percentile(all, 95),
                    Stats.percentile(all, 99), s.phase().all().errors, s.havenCores(), s.postgresCores(),
                    s.benchCores(), s.machineBusy() * 100, s.rss(), s.reports()));
        }
        if (steps.isEmpty()) {
            return;
        }
        Step crossing = steps.get(steps.size() - 1);
        boolean crossed = crossing.p99() > P99_LIMIT_MS;
        say(String.format(Locale.ROOT, "\n%s at %d clients: %.0f requests/s sustained, Haven %.2f cores of CPU, "
                + "RSS %s", crossed ? "p99 passed " + P99_LIMIT_MS + " ms" : "p99 never passed " + P99_LIMIT_MS
                + " ms; last step", crossing.clients(), crossing.rate(), crossing.havenCores(), crossing.rss()));
        if (steps.size() > 1 && crossed) {
            Step below = steps.get(steps.size() - 2);
            say(String.format(Locale.ROOT, "last step under the limit: %d clients, %.0f requests/s, p99 %.0f ms",
                    below.clients(), below.rate(), below.p99()));
        }
        if (!Files.isRegularFile(JFR)) {
            say("no flight recording at " + JFR);
            return;
        }
        Profile profile = Profile.read(JFR, crossing.from(), crossing.to());
        heading(String.format(Locale.ROOT, "Profile of the %d-client step (%d execution samples, JFR 'profile' "
                + "settings)", crossing.clients(), profile.sampleCount()));
        say("window " + crossing.from() + " to " + crossing.to() + " (re-read with `org.haven.bench.Profile "
                + JFR + " FROM TO`); memory: " + profile.heap() + "; GC: " + profile.gc());
        say("\nSamples per thread pool:\n\n" + profile.table("thread", profile.byThread(), 8));
        say("Inclusive shares (a sample counts once in each share its stack touches):\n\n"
                + profile.table("where", profile.shares(), 20));
        say("Hot methods, self (top of stack):\n\n" + profile.table("method", profile.self(), 25));
        say("Haven's own frames, inclusive (lambda classes and CDI proxies left out):\n\n"
                + profile.table("method", profile.havenInclusive(), 25));
        say("Threads in native code (jdk.NativeMethodSample, every 20 ms; running or waiting, so not CPU):\n\n"
                + Profile.table("native method", profile.nativeTop(), 10, profile.nativeSampleCount()));
    }

    /**
     * A caseworker as a new account signs in (as TwoInstancesIT and SeizedServerIT do): password, then
     * authenticator enrolment with a TOTP code; returns the signed-in session cookie, checked on the inbox.
     */
    private static String enrolCaseworker(Connection db, String base) throws Exception {
        String username = "load-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "load caseworker passphrase " + UUID.randomUUID();
        StaffAccounts.insert(db, username, "caseworker", password);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> first = http.send(form(base + "/casework/login", null,
                Map.of("username", username, "password", password)), HttpResponse.BodyHandlers.ofString());
        String half = cookie(first);
        HttpResponse<String> enrolPage = http.send(HttpRequest.newBuilder(URI.create(base + "/casework/login/enrol"))
                .header("Cookie", COOKIE + "=" + half).build(), HttpResponse.BodyHandlers.ofString());
        String code = StaffAccounts.enrolmentCode(enrolPage.body());
        if (code == null) {
            throw new IllegalStateException("no authenticator secret on the enrolment page: " + enrolPage.statusCode());
        }
        String session = cookie(http.send(form(base + "/casework/login/enrol", half, Map.of("code", code)),
                HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(URI.create(base + "/casework/api/reports"))
                .header("Cookie", COOKIE + "=" + session).build(), HttpResponse.BodyHandlers.ofString());
        if (inbox.statusCode() != 200) {
            throw new IllegalStateException("a signed-in caseworker's inbox answered " + inbox.statusCode() + " "
                    + inbox.body());
        }
        return session;
    }

    private static HttpRequest form(String uri, String session, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Cookie", COOKIE + "=" + session);
        }
        return request.build();
    }

    private static String cookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(COOKIE + "=")) {
                return header.substring(COOKIE.length() + 1).split(";", 2)[0];
            }
        }
        throw new IllegalStateException("no " + COOKIE + " cookie (status " + response.statusCode() + ")");
    }

    private static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "load average " + Stats.loadAverage();
        }
    }

    private void say(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void heading(String title) {
        say("\n## " + title);
    }
}
