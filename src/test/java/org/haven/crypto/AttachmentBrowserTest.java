package org.haven.crypto;

import static org.haven.crypto.Rfc9180Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.haven.browser.BrowserModuleTest;
import org.haven.browser.RendererMemory;
import org.junit.jupiter.api.Test;

/**
 * /js/attachment.js in real headless Chromium: the HPKE context against RFC 9180, chunked sealing and opening of
 * multi-megabyte files, and a file sealed in the browser opened by Bouncy Castle, chunk by chunk.
 */
@QuarkusTest
class AttachmentBrowserTest extends BrowserModuleTest {

    private static final String IMPORTS = """
            const hpke = await import('/js/hpke.js');
            const env = await import('/js/envelope.js');
            const att = await import('/js/attachment.js');
            // A file of size bytes that is different in every chunk: byte k is a hash of k and the seed.
            const fileOf = (size, seed, name = 'evidence.bin', type = 'application/octet-stream') => {
              const bytes = new Uint8Array(size);
              for (let k = 0; k < size; k++) bytes[k] = (Math.imul(k ^ seed, 2654435761) >>> 13) & 0xff;
              return new File([bytes], name, { type });
            };
            const sha256 = async (blob) => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256',
              await blob.arrayBuffer())));
            const sealAll = async (sealer) => {
              const chunks = [];
              for (let i = 0; i < sealer.n; i++) chunks.push(await sealer.sealChunk(i));
              return chunks;
            };
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KID = "intake-2026-1";

    @Test
    void contextReproducesRfc9180A31AtEverySequenceNumber() {
        List<String> sequences = new ArrayList<>(List.of("0"));
        List<String> aads = new ArrayList<>(List.of(AAD_0));
        List<String> expected = new ArrayList<>(List.of(CT_0));
        for (String[] later : LATER_ENCRYPTIONS) {
            sequences.add(later[0]);
            aads.add(later[1]);
            expected.add(later[2]);
        }
        Map<String, Object> result = js("""
                const [skE, pkE, pkR, skR, info, pt, seqs, aads] = args;
                const ephemeral = { privateKey: await hpke.importPrivateKey(hex(skE), hex(pkE)), publicKey: hex(pkE) };
                const sender = await hpke.setupSenderWithEphemeral(ephemeral, hex(pkR), hex(info));
                const recipient = await hpke.setupRecipient(await hpke.importPrivateKey(hex(skR), hex(pkR)),
                  sender.enc, hex(info));
                // Out of order on purpose: the sequence number, not a counter, picks the nonce.
                const cts = [];
                for (let k = seqs.length - 1; k >= 0; k--) {
                  cts[k] = await sender.sealAt(Number(seqs[k]), hex(aads[k]), hex(pt));
                }
                const opened = [];
                for (let k = 0; k < seqs.length; k++) {
                  opened.push(toHex(await recipient.openAt(Number(seqs[k]), hex(aads[k]), cts[k])));
                }
                return {
                  cts: cts.map(toHex),
                  opened,
                  wrongSequenceRejected: await rejects(recipient.openAt(3, hex(aads[3]), cts[3])),
                };
                """, SK_EM, PK_EM, PK_RM, SK_RM, INFO, PT_0, sequences, aads);
        assertEquals(expected, result.get("cts"));
        assertEquals(java.util.Collections.nCopies(expected.size(), PT_0), result.get("opened"));
        assertEquals(true, result.get("wrongSequenceRejected"));
    }

    @Test
    void multiMegabyteFileRoundTripsReadingOneChunkAtATime() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        String id = UUID.randomUUID().toString();
        Map<String, Object> result = js("""
                const [kid, id, publicKey, d] = args;
                const file = fileOf(3 * att.CHUNK_BYTES + 12345, 7, 'Foto vom 3. März.bin');
                // Records every read, to show the sealer never asks for more than one chunk.
                const reads = [];
                const watched = { name: file.name, type: file.type, size: file.size,
                  slice: (a, b) => { reads.push(b - a); return file.slice(a, b); } };
                const sealer = await att.createSealer(watched, { kid, attachmentId: id,
                  publicKey: env.b64urlDecode(publicKey) });
                const chunks = await sealAll(sealer);
                const key = await hpke.importPrivateKey(env.b64urlDecode(d), env.b64urlDecode(publicKey));
                const progress = [];
                const opened = await att.openAttachment({ kid, attachmentId: id, enc: sealer.enc, n: sealer.n,
                  privateKey: key, fetchChunk: async (i) => chunks[i], onProgress: (k) => progress.push(k) });
                return {
                  n: sealer.n,
                  sizes: chunks.map((c) => c.length),
                  reads,
                  header: opened.header,
                  blobType: opened.blob.type,
                  sent: await sha256(file),
                  received: await sha256(opened.blob),
                  progress,
                };
                """, KID, id, Base64Url.encode(intake.publicKey()), Base64Url.encode(intake.privateKey()));
        assertEquals(5L, result.get("n"));
        assertEquals(List.of(4112L, 262160L, 262160L, 262160L, 262160L), result.get("sizes"));
        assertEquals(List.of(262144L, 262144L, 262144L, 12345L), result.get("reads"));
        assertEquals(Map.of("name", "Foto vom 3. März.bin", "type", "application/octet-stream",
                "size", 3L * 262144 + 12345, "cleaned", false), result.get("header"));
        assertEquals("application/octet-stream", result.get("blobType"));
        assertEquals(result.get("sent"), result.get("received"));
        assertEquals(List.of(2L, 3L, 4L, 5L), result.get("progress"));
    }

    @Test
    void resealingOneChunkGivesTheSameBytes() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        Map<String, Object> result = js("""
                const [kid, id, publicKey] = args;
                // As the page will: enc and n for POST /api/attachments first, the id it answers afterwards.
                const sealer = await att.createSealer(fileOf(2 * att.CHUNK_BYTES + 1, 3), { kid,
                  publicKey: env.b64urlDecode(publicKey), cleaned: true });
                const unboundRejected = await rejects(sealer.sealChunk(0));
                sealer.setAttachmentId(id);
                let otherIdRefused = false;
                try { sealer.setAttachmentId(id + '0'); } catch (e) { otherIdRefused = true; }
                sealer.setAttachmentId(id);
                const first = (await sealAll(sealer)).map(toHex);
                // A resumed upload seals only what the server is missing, in any order.
                const again = [];
                for (const i of [3, 0, 2, 1]) again[i] = toHex(await sealer.sealChunk(i));
                const other = await att.createSealer(fileOf(2 * att.CHUNK_BYTES + 1, 3), { kid, attachmentId: id,
                  publicKey: env.b64urlDecode(publicKey), cleaned: true });
                return { same: first.every((c, i) => c === again[i]), unboundRejected, otherIdRefused,
                  otherContextDiffers: toHex(await other.sealChunk(1)) !== first[1],
                  outOfRangeRejected: await rejects(sealer.sealChunk(4)) };
                """, KID, UUID.randomUUID().toString(), Base64Url.encode(intake.publicKey()));
        assertEquals(Map.of("same", true, "unboundRejected", true, "otherIdRefused", true, "otherContextDiffers", true,
                "outOfRangeRejected", true), result);
    }

    @Test
    void movedForeignTruncatedOrMislabelledChunksFailToOpen() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        Map<String, Object> result = js("""
                const [kid, id, otherId, publicKey, d] = args;
                const pk = env.b64urlDecode(publicKey);
                const key = await hpke.importPrivateKey(env.b64urlDecode(d), pk);
                const sealer = await att.createSealer(fileOf(3 * att.CHUNK_BYTES, 1), { kid, attachmentId: id,
                  publicKey: pk });
                const chunks = await sealAll(sealer);
                // The same file, same kid, another attachment: its chunk 2 is a perfectly good chunk 2.
                const other = await att.createSealer(fileOf(3 * att.CHUNK_BYTES, 1), { kid, attachmentId: otherId,
                  publicKey: pk });
                const foreign = await other.sealChunk(2);
                const open = (list, overrides = {}) => att.openAttachment({ kid, attachmentId: id, enc: sealer.enc,
                  n: sealer.n, privateKey: key, fetchChunk: async (i) => list[i], ...overrides });
                const swapped = [chunks[0], chunks[2], chunks[1], chunks[3]];
                const shortened = chunks.map((c, i) => (i === 2 ? c.subarray(0, c.length - 1) : c));
                const flipped = chunks.map((c, i) => (i === 3 ? Uint8Array.from(c, (b, k) => (k === 9 ? b ^ 1 : b)) : c));
                const headerMoved = [chunks[1], chunks[0], chunks[2], chunks[3]];
                return {
                  intact: (await open(chunks)).blob.size,
                  swapped: await rejects(open(swapped)),
                  headerMoved: await rejects(open(headerMoved)),
                  foreign: await rejects(open([chunks[0], chunks[1], foreign, chunks[3]])),
                  truncated: await rejects(open(chunks.slice(0, 3), { n: 3 })),
                  extended: await rejects(open([...chunks, chunks[3]], { n: 5 })),
                  shortened: await rejects(open(shortened)),
                  flipped: await rejects(open(flipped)),
                  otherId: await rejects(open(chunks, { attachmentId: otherId })),
                  otherKid: await rejects(open(chunks, { kid: 'intake-2026-2' })),
                  otherEnc: await rejects(open(chunks, { enc: other.enc })),
                };
                """, KID, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Base64Url.encode(intake.publicKey()), Base64Url.encode(intake.privateKey()));
        assertEquals(3L * 262144, result.remove("intact"));
        result.forEach((tampering, rejected) -> assertEquals(true, rejected, tampering + " must not open"));
        assertEquals(10, result.size());
    }

    @Test
    void fileSealedInChromiumOpensInBouncyCastleChunkByChunk() throws Exception {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        String id = UUID.randomUUID().toString();
        byte[] file = new byte[600_000];
        new Random(42).nextBytes(file);
        Map<String, Object> sealed = js("""
                const [kid, id, publicKey, bytes] = args;
                const file = new File([env.b64urlDecode(bytes)], 'نافذة.jpg', { type: 'image/jpeg' });
                const sealer = await att.createSealer(file, { kid, attachmentId: id,
                  publicKey: env.b64urlDecode(publicKey), cleaned: true });
                return { enc: env.b64urlEncode(sealer.enc), chunks: (await sealAll(sealer)).map(env.b64urlEncode) };
                """, KID, id, Base64Url.encode(intake.publicKey()), Base64Url.encode(file));
        @SuppressWarnings("unchecked")
        List<String> chunks = (List<String>) sealed.get("chunks");
        assertEquals(4, chunks.size());
        byte[] enc = Base64Url.decode((String) sealed.get("enc"));

        HPKEContext context = recipientContext(intake, enc);
        byte[] header = context.open(aad(id, 0, 4), Base64Url.decode(chunks.get(0)));
        int length = ByteBuffer.wrap(header).getInt();
        JsonNode json = JSON.readTree(Arrays.copyOfRange(header, 4, 4 + length));
        assertEquals(4096, header.length);
        assertEquals("نافذة.jpg", json.get("name").asText());
        assertEquals("image/jpeg", json.get("type").asText());
        assertEquals(600_000, json.get("size").asLong());
        assertEquals(true, json.get("cleaned").asBoolean());
        ByteBuffer received = ByteBuffer.allocate(3 * 262144);
        for (int i = 1; i < 4; i++) {
            received.put(context.open(aad(id, i, 4), Base64Url.decode(chunks.get(i))));
        }
        assertArrayEquals(file, Arrays.copyOf(received.array(), file.length));
        assertArrayEquals(new byte[3 * 262144 - file.length],
                Arrays.copyOfRange(received.array(), file.length, 3 * 262144));

        // Bouncy Castle's context counts sequence numbers itself: chunk 2 where it expects 1 does not open.
        HPKEContext fresh = recipientContext(intake, enc);
        fresh.open(aad(id, 0, 4), Base64Url.decode(chunks.get(0)));
        assertThrows(InvalidCipherTextException.class, () -> fresh.open(aad(id, 2, 4), Base64Url.decode(chunks.get(2))));
    }

    @Test
    void measuresSealingATwentyMegabyteFile() {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        RendererMemory.Peak<Map<String, Object>> run = measureInFreshBrowser("""
                // 20 MB of random bytes, as a video would be: made in 64 KiB pieces, kept as a Blob.
                const parts = [];
                for (let k = 0; k < 320; k++) parts.push(crypto.getRandomValues(new Uint8Array(65536)));
                window.video = new Blob(parts, { type: 'video/mp4' });
                """, """
                const [kid, id, publicKey] = args;
                const start = performance.now();
                const sealer = await att.createSealer(window.video, { kid, attachmentId: id,
                  publicKey: env.b64urlDecode(publicKey) });
                let bytes = 0;
                let heap = 0;
                for (let i = 0; i < sealer.n; i++) {
                  bytes += (await sealer.sealChunk(i)).length; // an uploader sends it and lets it go
                  heap = Math.max(heap, performance.memory ? performance.memory.usedJSHeapSize : 0);
                }
                return { ms: performance.now() - start, n: sealer.n, bytes, heap };
                """, KID, UUID.randomUUID().toString(), Base64Url.encode(intake.publicKey()));
        Map<String, Object> result = run.result();
        assertEquals(81L, result.get("n"));
        assertEquals(4112L + 80 * 262160L, result.get("bytes"));
        System.out.printf(Locale.ROOT, "Chromium seals a 20 MB file (%d chunks) in %.0f ms; renderer resident memory "
                + "%d MiB before, peak %d MiB (+%d MiB); JS heap peak %.1f MiB%n", result.get("n"),
                ((Number) result.get("ms")).doubleValue(), run.beforeKib() / 1024, run.peakKib() / 1024,
                run.growthMib(), ((Number) result.get("heap")).doubleValue() / (1 << 20));
    }

    private static HPKEContext recipientContext(Hpke.KeyPair intake, byte[] enc) {
        HPKE suite = Hpke.suite();
        return suite.setupBaseR(enc, suite.deserializePrivateKey(intake.privateKey(), intake.publicKey()),
                "haven/v1/attachment".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] aad(String id, int i, int n) {
        return ("haven-attachment/v1/" + KID + "/" + id + "/" + i + "/" + n).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected String imports() {
        return IMPORTS;
    }
}
