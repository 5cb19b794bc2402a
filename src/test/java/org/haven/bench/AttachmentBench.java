package org.haven.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.haven.browser.BrowserScript;
import org.haven.browser.Chromium;
import org.haven.browser.RendererMemory;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.testing.ProdJar;
import org.haven.testing.SamplePhotos;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Evidence attachments end to end in headless Chromium against the production jar (issue 6's figures): a
 * 12-megapixel photo cleaned, sealed and uploaded, and a 20 MB video (which cannot be cleaned) sealed and uploaded,
 * with the browser's renderer memory and Haven's resident memory sampled while they run. Not a test.
 *
 * <pre>bench/attachments.sh [-Dbench.runs=3]</pre>
 */
public final class AttachmentBench {

    private static final int PG_PORT = Integer.getInteger("bench.pgPort", 54411);
    private static final int HTTP_PORT = Integer.getInteger("bench.httpPort", 18291);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int VIDEO_BYTES = 20 * 1000 * 1000;
    private static final Path WORK = Path.of("target", "bench-attachments").toAbsolutePath();

    private static final String IMPORTS = """
            const clean = await import('/js/clean-image.js');
            const att = await import('/js/attachment.js');
            const up = await import('/js/upload.js');
            const env = await import('/js/envelope.js');
            // Seals and uploads one file as the evidence step does, timing each part.
            const send = async (file, cleaned) => {
              const [kid, publicKey] = args;
              const t0 = performance.now();
              const sealer = await att.createSealer(file, { kid, publicKey: env.b64urlDecode(publicKey), cleaned });
              const { id } = await up.createUpload(sealer, { kid }).start();
              return { id, chunks: sealer.n, uploadMs: performance.now() - t0 };
            };
            """;

    private static final String VIDEO = """
            // 20 MB that does not compress, as a phone's video: the seal and upload cost is all in the bytes.
            const bytes = new Uint8Array(%d);
            for (let k = 0; k < bytes.length; k += 65536) crypto.getRandomValues(bytes.subarray(k, k + 65536));
            window.video = new File([bytes], 'VID_0001.mp4', { type: 'video/mp4' });
            """.formatted(VIDEO_BYTES);

    private static final String PHOTO_STEP = """
            const t0 = performance.now();
            const cleaned = await clean.cleanImage(window.photo);
            const cleanMs = performance.now() - t0;
            const sent = await send(cleaned.blob, true);
            return { cleanMs, ...sent, inBytes: window.photo.size, outBytes: cleaned.blob.size,
              totalMs: performance.now() - t0 };
            """;

    private static final String VIDEO_STEP = """
            const t0 = performance.now();
            const cleaned = await clean.cleanImage(window.video);
            const cleanMs = performance.now() - t0;
            const sent = await send(window.video, false);
            return { cleanMs, reason: cleaned.reason, ...sent, inBytes: window.video.size,
              totalMs: performance.now() - t0 };
            """;

    private AttachmentBench() {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        say("# Attachments benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        say("machine: " + Runtime.getRuntime().availableProcessors() + " cores; load average at start "
                + Stats.loadAverage());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).start();
        Process haven = null;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG_PORT + "/postgres",
                "postgres", "postgres")) {
            List<String> jvmArgs = List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=70");
            Path log = WORK.resolve("haven.log");
            String base = "http://localhost:" + HTTP_PORT;
            long start = System.nanoTime();
            haven = ProdJar.start(PG_PORT, HTTP_PORT, Map.of(), jvmArgs, log);
            ProdJar.waitReady(haven, base, start, log);
            say("Haven: prod jar, heap as the Helm chart sizes it (" + String.join(" ", jvmArgs) + "), PostgreSQL 17 "
                    + "embedded; Chromium headless on the same 2 cores, over loopback (no network delay)");
            Hpke.KeyPair intake = Hpke.generateKeyPair();
            String kid = "bench-" + System.currentTimeMillis();
            try (PreparedStatement s = db.prepareStatement("update intake_key set active = false");
                    PreparedStatement insert = db.prepareStatement(
                            "insert into intake_key(kid, public_key, created_at, active) values (?, ?, now(), true)")) {
                s.executeUpdate();
                insert.setString(1, kid);
                insert.setBytes(2, intake.publicKey());
                insert.executeUpdate();
            }
            say("");
            say("| file | run | clean ms | seal + upload ms | total ms | chunks | in MB | sent MB | renderer MiB "
                    + "before → peak | Haven RSS MiB before → peak |");
            say("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
            for (int run = 1; run <= RUNS; run++) {
                measure("12 MP photo", run, haven.pid(), base, kid, intake.publicKey(),
                        SamplePhotos.TWELVE_MEGAPIXELS_IN_BROWSER, PHOTO_STEP);
                measure("20 MB video", run, haven.pid(), base, kid, intake.publicKey(), VIDEO, VIDEO_STEP);
            }
            try (PreparedStatement s = db.prepareStatement(
                    "select count(*), coalesce(sum(octet_length(body)), 0) from attachment_chunk")) {
                var r = s.executeQuery();
                r.next();
                say(String.format(Locale.ROOT, "%nstored: %d chunks, %.1f MB of ciphertext", r.getLong(1),
                        r.getLong(2) / 1e6));
            }
            say("load average at end " + Stats.loadAverage());
        } finally {
            if (haven != null) {
                haven.destroy();
                haven.waitFor();
            }
            postgres.close();
        }
        System.exit(0);
    }

    private static void measure(String label, int run, long havenPid, String base, String kid, byte[] publicKey,
            String setup, String step) throws Exception {
        ChromeDriver browser = Chromium.start(true);
        try {
            // The landing page: the reporter's origin and CSP, without the form's own scripts running.
            browser.get(base + "/en");
            BrowserScript.run(browser, IMPORTS + setup, kid, Base64Url.encode(publicKey));
            long havenBefore = Stats.vmRssKib(havenPid);
            AtomicLong havenPeak = new AtomicLong(havenBefore);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    havenPeak.accumulateAndGet(Stats.vmRssKib(havenPid), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            RendererMemory.Peak<Map<String, Object>> peak;
            try {
                peak = RendererMemory.during(browser, () -> BrowserScript.run(browser, IMPORTS + step, kid,
                        Base64Url.encode(publicKey)));
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            Map<String, Object> r = peak.result();
            say(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %d | %.1f | %.1f | %d → %d | %d → %d |",
                    label, run, num(r, "cleanMs"), num(r, "uploadMs"), num(r, "totalMs"), (long) num(r, "chunks"),
                    num(r, "inBytes") / 1e6, r.containsKey("outBytes") ? num(r, "outBytes") / 1e6 : num(r, "inBytes") / 1e6,
                    peak.beforeKib() / 1024, peak.peakKib() / 1024, havenBefore / 1024, havenPeak.get() / 1024));
        } finally {
            browser.quit();
        }
    }

    private static double num(Map<String, Object> result, String key) {
        return ((Number) result.get(key)).doubleValue();
    }

    private static final List<String> LINES = new ArrayList<>();

    private static void say(String line) throws Exception {
        System.out.println(line);
        LINES.add(line);
        Files.write(WORK.resolve("results.md"), LINES);
    }
}
