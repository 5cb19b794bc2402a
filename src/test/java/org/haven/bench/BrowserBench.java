package org.haven.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.haven.browser.Chromium;
import org.openqa.selenium.chrome.ChromeDriver;

/** Page weight of the report form and sealing time, measured in real headless Chromium. */
final class BrowserBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ENTRIES = """
            const pick = (e, kind) => ({ name: e.name, kind, transfer: e.transferSize, encoded: e.encodedBodySize,
              decoded: e.decodedBodySize });
            return JSON.stringify(performance.getEntriesByType('navigation').map(e => pick(e, 'document'))
              .concat(performance.getEntriesByType('resource').map(e => pick(e, e.initiatorType))));
            """;

    /** The three modules report-form.js imports when the reporter presses send (report-form.js, seal()). */
    private static final String LAZY = """
            const done = arguments[arguments.length - 1];
            Promise.all([import('/js/envelope.js'), import('/js/hpke.js'), import('/js/receipt.js')])
              .then(() => setTimeout(() => done('ok'), 300), e => done('ERROR ' + e));
            """;

    private static final String SEAL = """
            const [kid, publicKey, size, warmup, runs, done] = arguments;
            (async () => {
              const { sealEnvelope } = await import('/js/envelope.js');
              const bytes = new Uint8Array(size);
              for (let i = 0; i < size; i++) bytes[i] = 97 + ((i * 7) % 26);
              for (let i = 0; i < warmup; i++) await sealEnvelope('report', kid, publicKey, bytes);
              const times = [];
              let last;
              for (let i = 0; i < runs; i++) {
                const t0 = performance.now();
                last = await sealEnvelope('report', kid, publicKey, bytes);
                times.push(performance.now() - t0);
              }
              done(JSON.stringify({ times, ctLength: last.ct.length }));
            })().catch(e => done('ERROR ' + e));
            """;

    record Entry(String name, String kind, long transfer, long encoded, long decoded) {
    }

    record PageWeight(String lang, List<Entry> initial, List<Entry> withLazy, String gzipCheck) {

        static long sum(List<Entry> entries, boolean wire) {
            return entries.stream().mapToLong(e -> wire ? e.transfer() : e.encoded()).sum();
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT,
                    "/%s/report initial: %d requests, %.1f KB compressed bodies (%.1f KB on the wire with headers, "
                            + "%.1f KB uncompressed)%n",
                    lang, initial.size(), sum(initial, false) / 1024.0, sum(initial, true) / 1024.0,
                    initial.stream().mapToLong(Entry::decoded).sum() / 1024.0));
            out.append(String.format(Locale.ROOT,
                    "/%s/report incl. lazy crypto modules: %d requests, %.1f KB compressed bodies (%.1f KB on the "
                            + "wire, %.1f KB uncompressed)%n",
                    lang, withLazy.size(), sum(withLazy, false) / 1024.0, sum(withLazy, true) / 1024.0,
                    withLazy.stream().mapToLong(Entry::decoded).sum() / 1024.0));
            for (Entry e : withLazy) {
                out.append(String.format(Locale.ROOT, "    %-10s %-45s wire %6d B, body %6d B, decoded %6d B%s%n",
                        e.kind(), URI.create(e.name()).getPath(), e.transfer(), e.encoded(), e.decoded(),
                        initial.contains(e) ? "" : "  (lazy)"));
            }
            out.append("    with Accept-Encoding: gzip only (java.net.http): ").append(gzipCheck).append('\n');
            return out.toString();
        }
    }

    record SealTiming(int runs, double mean, double p50, double p95, double max, int ctChars) {
    }

    private final ChromeDriver browser;
    private final String base;

    BrowserBench(String base) {
        this.base = base;
        this.browser = Chromium.start(true);
    }

    void quit() {
        browser.quit();
    }

    String version() {
        return String.valueOf(browser.getCapabilities().getBrowserVersion());
    }

    /** Loads the form page with an empty cache, lists what the browser fetched, then the lazy modules. */
    PageWeight pageWeight(String lang) throws Exception {
        browser.manage().deleteAllCookies();
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
        browser.get(base + "/" + lang + "/report");
        long deadline = System.currentTimeMillis() + 10_000;
        List<Entry> initial = entries();
        while (initial.stream().noneMatch(e -> e.name().endsWith("/js/report-form.js"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            initial = entries();
        }
        Thread.sleep(500); // anything report-form.js would fetch at once
        initial = entries();
        Object lazy = browser.executeAsyncScript(LAZY);
        if (!"ok".equals(lazy)) {
            throw new IllegalStateException("lazy import failed: " + lazy);
        }
        return new PageWeight(lang, initial, entries(), gzipCheck(entries()));
    }

    SealTiming sealTiming(String kid, String publicKey, int size, int warmup, int runs) throws Exception {
        browser.get(base + "/en/report");
        Object out = browser.executeAsyncScript(SEAL, kid, publicKey, size, warmup, runs);
        if (!(out instanceof String text) || text.startsWith("ERROR")) {
            throw new IllegalStateException("sealing in the browser failed: " + out);
        }
        JsonNode node = JSON.readTree(text);
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            times[i] = node.get("times").get(i).asDouble();
        }
        double mean = Stats.mean(times);
        java.util.Arrays.sort(times);
        return new SealTiming(runs, mean, Stats.percentile(times, 50), Stats.percentile(times, 95),
                times[times.length - 1], node.get("ctLength").asInt());
    }

    private List<Entry> entries() throws Exception {
        JsonNode all = JSON.readTree((String) browser.executeScript(ENTRIES));
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : all) {
            out.add(new Entry(e.get("name").asText(), e.get("kind").asText(), e.get("transfer").asLong(),
                    e.get("encoded").asLong(), e.get("decoded").asLong()));
        }
        return out;
    }

    /** Fetches every URL again with only gzip offered: total compressed bytes and which were not compressed. */
    private static String gzipCheck(List<Entry> entries) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long total = 0;
        Set<String> plain = new LinkedHashSet<>();
        for (Entry e : entries) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(e.name()))
                    .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            total += response.body().length;
            if (!response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
                plain.add(URI.create(e.name()).getPath());
            }
        }
        return String.format(Locale.ROOT, "%d requests, %.1f KB bodies; not gzip-encoded: %s", entries.size(),
                total / 1024.0, plain.isEmpty() ? "none" : String.join(", ", plain));
    }
}
