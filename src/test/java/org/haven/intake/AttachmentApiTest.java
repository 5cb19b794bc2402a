package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.junit.jupiter.api.Test;

/** The reporter's upload API (docs/attachments.md section 7), with files really sealed by the Java sealer. */
@QuarkusTest
class AttachmentApiTest {

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createAnswersIdTokenAndLimitsAndStoresOnlyTheTokensHash() throws Exception {
        TestAttachments.Upload upload = upload("notes.txt", "text/plain", bytes(10, 1));
        assertTrue(upload.id().toString().matches("[0-9a-f-]{36}"));
        assertEquals(43, upload.token().length());
        TestAttachments.createRequest(demoKey.keyFile().kid(), Hpke.generateKeyPair().publicKey(), 2).then()
                .statusCode(201).body("chunkBytes", equalTo(262144)).body("headerBytes", equalTo(4096))
                .body("maxFiles", equalTo(10)).body("maxFileBytes", equalTo(26214400))
                .header("Cache-Control", "no-store");
        given().get("/api/attachments/limits").then().statusCode(200).body("maxReportBytes", equalTo(62914560));
        assertEquals(0L, count("select count(*) from attachment where position(? in token_hash) > 0",
                Base64Url.decode(upload.token())));
        assertEquals(1L, count("select count(*) from attachment where id = ? and created_hour = date_trunc('hour', now())",
                upload.id()));
    }

    @Test
    void refusesCreateThatIsMalformedOrForAKeyThatIsNotCurrentOrTooLarge() throws Exception {
        String kid = demoKey.keyFile().kid();
        byte[] enc = Hpke.generateKeyPair().publicKey();
        TestAttachments.createRequest("no-such-key", enc, 2).then().statusCode(422).body("code", equalTo("key-not-current"));
        byte[] offCurve = enc.clone();
        offCurve[64] ^= 1;
        TestAttachments.createRequest(kid, offCurve, 2).then().statusCode(400).body("code", equalTo("bad-request"));
        TestAttachments.createRequest(kid, enc, 1).then().statusCode(400).body("code", equalTo("bad-request"));
        // 25 MiB is 100 data chunks: 101 chunks in all is the largest file.
        TestAttachments.createRequest(kid, enc, 101).then().statusCode(201);
        TestAttachments.createRequest(kid, enc, 102).then().statusCode(413).body("code", equalTo("file-too-large"));
        given().contentType(ContentType.JSON).body(TestReports.json(Map.of("kid", kid, "enc", Base64Url.encode(enc),
                "chunks", 2, "name", "photo.jpg"))).post("/api/attachments").then().statusCode(400);
    }

    @Test
    void refusesNewUploadsOnceThePendingBudgetIsSpentAndTakesThemAgainWhenItFrees() throws Exception {
        String kid = demoKey.keyFile().kid();
        byte[] enc = Hpke.generateKeyPair().publicKey();
        List<String[]> created = new ArrayList<>();
        try {
            // 2 GiB of pending uploads at 101 chunks (26.5 MB sealed) each: spent after about 81.
            for (int i = 0; i < 100; i++) {
                var response = TestAttachments.createRequest(kid, enc, 101);
                if (response.statusCode() == 503) {
                    response.then().body("code", equalTo("uploads-busy")).header("Retry-After", "300");
                    break;
                }
                response.then().statusCode(201);
                created.add(new String[] {response.jsonPath().getString("id"), response.jsonPath().getString("token")});
            }
            assertTrue(created.size() > 10 && created.size() < 100, "created " + created.size());
        } finally {
            for (String[] upload : created) {
                given().header(TestAttachments.TOKEN_HEADER, upload[1]).delete("/api/attachments/" + upload[0])
                        .then().statusCode(204);
            }
        }
        TestAttachments.createRequest(kid, enc, 101).then().statusCode(201);
    }

    @Test
    void chunksPutOutOfOrderAndAResumedUploadCompletes() {
        TestAttachments.Upload upload = upload("video.mp4", "video/mp4", bytes(700_000, 2));
        assertEquals(4, upload.chunks().size());
        upload.status().then().statusCode(200).body("chunks", equalTo(4)).body("missing", equalTo(List.of(0, 1, 2, 3)))
                .header("Cache-Control", "no-store");
        upload.put(3).then().statusCode(204);
        upload.put(1).then().statusCode(204);
        // The connection dropped here: the page asks what is missing and sends only that.
        List<Integer> missing = upload.status().then().statusCode(200).extract().jsonPath().getList("missing");
        assertEquals(List.of(0, 2), missing);
        for (int index : missing) {
            upload.put(index).then().statusCode(204);
        }
        upload.status().then().body("missing", equalTo(List.of())).body("bound", equalTo(false));
    }

    @Test
    void sameChunkAgainIsAcceptedButDifferentBytesAreRefused() {
        TestAttachments.Upload upload = upload("a.pdf", "application/pdf", bytes(1000, 3));
        upload.put(1).then().statusCode(204);
        upload.put(1).then().statusCode(204);
        byte[] other = upload.chunks().get(1).clone();
        other[0] ^= 1;
        upload.put(1, other).then().statusCode(409).body("code", equalTo("chunk-differs"));
    }

    @Test
    void refusesWrongSizesIndexesTokensAndIds() {
        TestAttachments.Upload upload = upload("a.png", "image/png", bytes(1000, 4));
        upload.put(0, upload.chunks().get(1)).then().statusCode(400).body("code", equalTo("wrong-size"));
        upload.put(1, upload.chunks().get(0)).then().statusCode(400).body("code", equalTo("wrong-size"));
        upload.put(1, new byte[0]).then().statusCode(400);
        upload.put(2, upload.chunks().get(1)).then().statusCode(404).body("code", equalTo("not-found"));
        given().header(TestAttachments.TOKEN_HEADER, upload.token()).contentType(ContentType.BINARY)
                .body(upload.chunks().get(1)).put("/api/attachments/" + upload.id() + "/chunks/-1").then().statusCode(404);
        String otherToken = Base64Url.encode(bytes(32, 5));
        for (String token : new String[] {otherToken, "", "%%%"}) {
            given().header(TestAttachments.TOKEN_HEADER, token).contentType(ContentType.BINARY)
                    .body(upload.chunks().get(1)).put("/api/attachments/" + upload.id() + "/chunks/1")
                    .then().statusCode(404).body("code", equalTo("not-found"));
        }
        given().contentType(ContentType.BINARY).body(upload.chunks().get(1))
                .put("/api/attachments/" + upload.id() + "/chunks/1").then().statusCode(404);
        given().header(TestAttachments.TOKEN_HEADER, otherToken).get("/api/attachments/" + upload.id())
                .then().statusCode(404);
        given().header(TestAttachments.TOKEN_HEADER, upload.token())
                .get("/api/attachments/" + upload.id().toString().toUpperCase(java.util.Locale.ROOT)).then().statusCode(404);
        given().header(TestAttachments.TOKEN_HEADER, upload.token()).get("/api/attachments/not-a-uuid")
                .then().statusCode(404);
        upload.status().then().body("missing", equalTo(List.of(0, 1)));
    }

    @Test
    void deleteRemovesTheUploadAndItsChunks() throws Exception {
        TestAttachments.Upload upload = upload("a.txt", "text/plain", bytes(10, 6)).putAll();
        given().header(TestAttachments.TOKEN_HEADER, Base64Url.encode(bytes(32, 7)))
                .delete("/api/attachments/" + upload.id()).then().statusCode(404);
        given().header(TestAttachments.TOKEN_HEADER, upload.token()).delete("/api/attachments/" + upload.id())
                .then().statusCode(204);
        upload.status().then().statusCode(404);
        assertEquals(0L, count("select count(*) from attachment_chunk where attachment_id = ?", upload.id()));
    }

    /** The figure for the closing note: a 20 MiB file sealed chunk by chunk and stored, never whole in memory. */
    @Test
    void sealsAndStoresATwentyMegabyteFileChunkByChunk() throws Exception {
        long size = 20L * 1024 * 1024;
        var key = demoKey.keyFile();
        AttachmentSealer sealer = AttachmentSealer.to(key.kid(), Base64Url.decode(key.publicKey()));
        int chunks = AttachmentFormat.chunkCount(size);
        var created = TestAttachments.createRequest(key.kid(), sealer.enc(), chunks).then().statusCode(201).extract();
        UUID id = UUID.fromString(created.jsonPath().getString("id"));
        String token = created.jsonPath().getString("token");
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        Random random = new Random(8);
        java.io.InputStream file = new java.io.InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] part = new byte[n];
                random.nextBytes(part);
                System.arraycopy(part, 0, b, off, n);
                left -= n;
                return n;
            }
        };
        // java.net.http rather than REST Assured, whose own overhead per 256 KiB body would dominate the figure.
        var http = java.net.http.HttpClient.newHttpClient();
        List<Long> liveHeap = new ArrayList<>();
        sealer.seal(id, new AttachmentHeader("video.mp4", "video/mp4", size, false), file, (index, ct) -> {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + io.restassured.RestAssured.port + "/api/attachments/" + id + "/chunks/" + index))
                    .header(TestAttachments.TOKEN_HEADER, token).header("Content-Type", "application/octet-stream")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(ct)).build();
            try {
                assertEquals(204, http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
            if (index % 20 == 0) {
                System.gc();
                liveHeap.add((memory.getHeapMemoryUsage().getUsed() - heapBefore) >> 20);
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        given().header(TestAttachments.TOKEN_HEADER, token).get("/api/attachments/" + id).then()
                .body("missing", equalTo(List.of()));
        assertEquals(size / AttachmentFormat.CHUNK_BYTES * AttachmentFormat.SEALED_CHUNK_BYTES
                + AttachmentFormat.SEALED_HEADER_BYTES,
                count("select sum(length(body)) from attachment_chunk where attachment_id = ?", id));
        System.out.printf("20 MiB sealed and stored in %d chunks in %d ms; live heap after GC (test and server in one "
                + "JVM) at chunks 0, 20, 40, 60, 80, in MiB above the start: %s%n", chunks, millis, liveHeap);
        // Nothing accumulates with the file: live memory after 80 chunks (20 MiB) is within a few chunks of after 0.
        assertTrue(liveHeap.get(liveHeap.size() - 1) - liveHeap.get(0) < 8, liveHeap.toString());
        given().header(TestAttachments.TOKEN_HEADER, token).delete("/api/attachments/" + id).then().statusCode(204);
    }

    private TestAttachments.Upload upload(String name, String type, byte[] file) {
        return TestAttachments.create(demoKey.keyFile(), name, type, file);
    }

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
