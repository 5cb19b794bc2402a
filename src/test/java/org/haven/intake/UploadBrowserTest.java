package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.haven.browser.BrowserModuleTest;
import org.haven.testing.CuttableProxy;
import org.haven.testing.StoredAttachments;
import org.junit.jupiter.api.Test;

/**
 * /js/upload.js in real headless Chromium against the real server, through a proxy that cuts every connection
 * mid-upload the way a phone loses its network: the upload resumes, sends again only what was lost, and the
 * server ends with every chunk of a file that opens to the bytes the page had.
 */
@QuarkusTest
class UploadBrowserTest extends BrowserModuleTest {

    private static final String IMPORTS = """
            const att = await import('/js/attachment.js');
            const up = await import('/js/upload.js');
            const env = await import('/js/envelope.js');
            const fileOf = (size, seed) => {
              const bytes = new Uint8Array(size);
              for (let k = 0; k < size; k++) bytes[k] = (Math.imul(k ^ seed, 2654435761) >>> 13) & 0xff;
              return new File([bytes], 'voice-note.m4a', { type: 'audio/mp4' });
            };
            const sha256 = async (blob) => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256',
              await blob.arrayBuffer())));
            // Short waits between tries, so a test spends seconds, not minutes, on its outage.
            const quick = [0.2, 0.4, 0.8, 1.6, 2, 2, 2, 2];
            const begin = async (size, seed, backoffSeconds = quick) => {
              const [kid, publicKey] = args;
              const file = fileOf(size, seed);
              const sealer = await att.createSealer(file, { kid, publicKey: env.b64urlDecode(publicKey) });
              const progress = [];
              const upload = up.createUpload(sealer, { kid, backoffSeconds,
                onProgress: (done, total) => progress.push([done, total]) });
              window.upload = { upload, progress, sealer, digest: await sha256(file) };
              return window.upload;
            };
            const outcome = async (promise) => {
              try {
                return { ok: true, value: await promise };
              } catch (e) {
                return { ok: false, code: e.code, name: e.name, stored: window.upload.upload.storedChunks };
              }
            };
            """;
    private static final int FIVE_MIB = 5 * 1024 * 1024;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Override
    protected String imports() {
        return IMPORTS;
    }

    @Test
    void anUploadWhoseConnectionsAreCutMidwayResumesAndSendsAgainOnlyWhatWasLost() throws Exception {
        try (CuttableProxy proxy = CuttableProxy.to(page.getPort())) {
            browser.get("http://127.0.0.1:" + proxy.port() + page.getPath());
            // About 1.5 MiB in: six of the 21 chunks through, the connections reset, refused for 1.5 s.
            proxy.cutAfter(1_500_000, 1_500);
            Map<String, Object> result = js("""
                    const u = await begin(%d, 7);
                    const done = await outcome(u.upload.start());
                    return { done, progress: u.progress, n: u.sealer.n, digest: u.digest };
                    """.formatted(FIVE_MIB), demoKey.keyFile().kid(), demoKey.keyFile().publicKey());

            assertEquals(1, proxy.cuts(), "the proxy cut the connections once");
            Map<?, ?> done = (Map<?, ?>) result.get("done");
            assertEquals(Boolean.TRUE, done.get("ok"), "the upload finished after the cut: " + done);
            int n = ((Number) result.get("n")).intValue();
            assertEquals(21, n);
            Map<?, ?> value = (Map<?, ?>) done.get("value");
            UUID id = UUID.fromString((String) value.get("id"));
            String token = (String) value.get("token");

            Map<Integer, Long> puts = chunkPuts(proxy.requests(), id);
            assertEquals(n, puts.size(), "every chunk was put: " + puts);
            long total = puts.values().stream().mapToLong(Long::longValue).sum();
            assertTrue(total <= n + 2, "only the chunks on the wire at the cut were sent again: " + total + " puts " + puts);
            assertTrue(proxy.requests().contains("GET /api/attachments/" + id), "the page asked what was missing");

            List<?> last = (List<?>) ((List<?>) result.get("progress")).get(((List<?>) result.get("progress")).size() - 1);
            assertEquals(List.of(n, n), last.stream().map(x -> ((Number) x).intValue()).toList(), "progress ended full");
            given().header("Haven-Upload-Token", token).get("/api/attachments/" + id)
                    .then().statusCode(200).body("missing.size()", org.hamcrest.Matchers.equalTo(0));
            assertEquals(result.get("digest"), openedDigest(id, n), "the stored chunks open to the page's file");
        }
    }

    @Test
    void anUploadThatCannotReachHavenGivesUpAndWhenStartedAgainPutsOnlyTheMissingChunks() throws Exception {
        try (CuttableProxy proxy = CuttableProxy.to(page.getPort())) {
            browser.get("http://127.0.0.1:" + proxy.port() + page.getPath());
            // Down until the test says so: three quick tries, then the page is told 'network'.
            proxy.cutAfter(1_200_000, 3_600_000);
            Map<String, Object> first = js("""
                    const u = await begin(%d, 11, [0.1, 0.1, 0.1]);
                    return await outcome(u.upload.start());
                    """.formatted(FIVE_MIB), demoKey.keyFile().kid(), demoKey.keyFile().publicKey());
            assertEquals(Boolean.FALSE, first.get("ok"), "the upload gave up while Haven was unreachable");
            assertEquals("network", first.get("code"));
            assertEquals("UploadError", first.get("name"));
            int storedBeforeCut = ((Number) first.get("stored")).intValue();
            assertTrue(storedBeforeCut > 0 && storedBeforeCut < 21, "some chunks were stored before the cut: " + storedBeforeCut);
            int putsBeforeResume = proxy.requests().size();

            proxy.up();
            Map<String, Object> second = js("""
                    const done = await outcome(window.upload.upload.start());
                    return { done, digest: window.upload.digest };
                    """);
            Map<?, ?> done = (Map<?, ?>) second.get("done");
            assertEquals(Boolean.TRUE, done.get("ok"), "started again, the upload finished: " + done);
            UUID id = UUID.fromString((String) ((Map<?, ?>) done.get("value")).get("id"));
            List<String> afterResume = proxy.requests().subList(putsBeforeResume, proxy.requests().size());
            long resent = chunkPuts(afterResume, id).values().stream().mapToLong(Long::longValue).sum();
            assertTrue(resent <= 21 - storedBeforeCut,
                    "after the resume only chunks the server lacked were put: " + resent + " of " + (21 - storedBeforeCut));
            assertEquals("GET /api/attachments/" + id, afterResume.get(0), "the resume began by asking what was missing");
            assertEquals(second.get("digest"), openedDigest(id, 21), "the stored chunks open to the page's file");
        }
    }

    @Test
    void aRefusalIsReportedWithTheServersCodeAtOnceAndACancelledUploadIsDeleted() throws Exception {
        Map<String, Object> result = js("""
                const big = await outcome((await begin(26 * 1024 * 1024 + 1, 3)).upload.start());
                const small = await begin(700_000, 5);
                const started = await outcome(small.upload.start());
                await small.upload.cancel();
                const afterCancel = await outcome(small.upload.start());
                return { big, started, afterCancel, id: small.upload.id, token: small.upload.token };
                """, demoKey.keyFile().kid(), demoKey.keyFile().publicKey());
        Map<?, ?> big = (Map<?, ?>) result.get("big");
        assertEquals(Boolean.FALSE, big.get("ok"));
        assertEquals("file-too-large", big.get("code"), "the server's code reaches the page");
        assertEquals(Boolean.TRUE, ((Map<?, ?>) result.get("started")).get("ok"));
        assertEquals("cancelled", ((Map<?, ?>) result.get("afterCancel")).get("code"));
        given().header("Haven-Upload-Token", (String) result.get("token")).get("/api/attachments/" + result.get("id"))
                .then().statusCode(404);
    }

    /** How many times each chunk of the attachment was put, by index. */
    private static Map<Integer, Long> chunkPuts(List<String> requests, UUID id) {
        String prefix = "PUT /api/attachments/" + id + "/chunks/";
        return requests.stream().filter(r -> r.startsWith(prefix))
                .collect(Collectors.groupingBy(r -> Integer.parseInt(r.substring(prefix.length())), Collectors.counting()));
    }

    /** SHA-256 (hex) of the file the stored chunks open to with the intake private key. */
    private String openedDigest(UUID id, int n) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            StoredAttachments.Opened opened = StoredAttachments.open(c, id, demoKey.keyFile().privateKeyBytes());
            assertEquals(n, opened.chunks());
            assertEquals("voice-note.m4a", opened.header().name());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(opened.bytes()));
        }
    }
}
