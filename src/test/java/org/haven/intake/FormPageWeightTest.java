package org.haven.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.web.Locales;
import org.junit.jupiter.api.Test;

/**
 * The report form stays within the intake budget in every language — at most 30 KB compressed and 5
 * requests before the reporter presses send — because a page carries only its own language's strings.
 * Tigrinya and Amharic add their Ethiopic core font. Writes target/page-weight.txt.
 */
@QuarkusTest
class FormPageWeightTest {

    private static final int BUDGET_BYTES = 30 * 1024;
    private static final int BUDGET_REQUESTS = 5;
    private static final Pattern SUBRESOURCE = Pattern.compile(
            "<(?:link rel=\"stylesheet\" href|script type=\"module\" src)=\"(/[^\"]+)\"");
    /** What reporter.js imports at once on the form page (the crypto modules wait for the send button). */
    private static final List<String> FORM_MODULES = List.of("/js/report-form.js");
    private static final String ETHIOPIC_CORE = "/fonts/noto-sans-ethiopic-core.woff2";

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void formPageFitsTheBudgetInEveryLanguage() throws Exception {
        Map<String, Long> shared = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        List<String> over = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-4s %9s %9s %9s %9s %8s  %s", "lang", "html raw", "html", "css+js",
                "font", "total", "requests (bytes as sent to a browser asking for gzip)"));
        for (String lang : Locales.SUPPORTED) {
            byte[] raw = get("/" + lang + "/report", false);
            String html = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            long htmlBytes = get("/" + lang + "/report", true).length;
            List<String> urls = new ArrayList<>();
            Matcher m = SUBRESOURCE.matcher(html);
            while (m.find()) {
                urls.add(m.group(1));
            }
            urls.addAll(FORM_MODULES);
            long sub = 0;
            for (String url : urls) {
                sub += shared.computeIfAbsent(url, u -> (long) getQuietly(u).length);
            }
            boolean ethiopic = lang.equals("ti") || lang.equals("am");
            long font = ethiopic ? get(ETHIOPIC_CORE, true).length : 0;
            int requests = 1 + urls.size() + (ethiopic ? 1 : 0);
            long total = htmlBytes + sub + font;
            lines.add(String.format(Locale.ROOT, "%-4s %9d %9d %9d %9d %8.1fK  %d", lang, raw.length, htmlBytes, sub, font,
                    total / 1024.0, requests));
            if (total > BUDGET_BYTES || requests > BUDGET_REQUESTS) {
                over.add(lang + ": " + total + " bytes, " + requests + " requests");
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "page-weight.txt"), lines);
        lines.forEach(System.out::println);
        assertEquals(List.of(), over);
        assertTrue(lines.size() > 2);
    }

    private byte[] getQuietly(String path) {
        try {
            return get(path, true);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as sent: compressed if the server compresses it for a browser asking for gzip. */
    private byte[] get(String path, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }
}
