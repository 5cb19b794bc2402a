package org.haven.crypto;

import static org.haven.crypto.Rfc9180Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

/** The attachment format of docs/attachments.md: seal, open, and every way a moved or missing chunk must fail. */
class AttachmentCryptoTest {

    private static final String KID = "intake-test-1";
    private static final Hpke.KeyPair KEY = Hpke.generateKeyPair();
    private static final String VECTOR_CHUNK_0 = "67c3465c04ab0c4e2526298e5e6ff75533a44652c2395b2216504895ee2a7608";
    private static final String VECTOR_CHUNK_1 = "f181503475266d018faed4880a5b76663138b9bdca21cdcfeca087b22ec7bf4d";

    @Test
    void contextWithChosenSequenceNumbersMatchesRfc9180AndBouncyCastle() throws Exception {
        HPKE hpke = Hpke.suite();
        AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(bytes(IKM_E));
        AsymmetricCipherKeyPair recipient = hpke.deriveKeyPair(bytes(IKM_R));
        HpkeContext ours = HpkeContext.sender(bytes(PK_RM), bytes(INFO), ephemeral);
        assertArrayEquals(bytes(ENC), ours.enc());
        assertArrayEquals(bytes(CT_0), ours.seal(0, bytes(AAD_0), bytes(PT_0)));

        HPKEContextWithEncapsulation reference = hpke.setupBaseS(recipient.getPublic(), bytes(INFO), ephemeral);
        HpkeContext receiver = HpkeContext.receiver(bytes(SK_RM), bytes(ENC), bytes(INFO));
        for (int seq = 0; seq < 6; seq++) {
            byte[] aad = ("Count-" + seq).getBytes(StandardCharsets.US_ASCII);
            byte[] expected = reference.seal(aad, bytes(PT_0));
            assertArrayEquals(expected, ours.seal(seq, aad, bytes(PT_0)), "sequence number " + seq);
            assertArrayEquals(bytes(PT_0), receiver.open(seq, aad, expected));
        }
    }

    /** The vector published in docs/attachments.md section 6, for a second implementation to check itself against. */
    @Test
    void reproducesTheDocumentedTestVector() throws Exception {
        HPKE hpke = Hpke.suite();
        AttachmentSealer sealer = AttachmentSealer.to("intake-2026-1", bytes(PK_RM), hpke.deriveKeyPair(bytes(IKM_E)));
        UUID id = UUID.fromString("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
        byte[] file = "Haven attachment test vector\n".getBytes(StandardCharsets.UTF_8);
        List<String> digests = new ArrayList<>();
        sealer.seal(id, new AttachmentHeader("evidence.txt", "text/plain", file.length, false),
                new ByteArrayInputStream(file), (index, ct) -> digests.add(sha256Hex(ct)));
        assertEquals(List.of(VECTOR_CHUNK_0, VECTOR_CHUNK_1), digests);
    }

    @Test
    void roundTripOfFilesOfEverySizeClass() throws Exception {
        for (int size : new int[] {0, 1, AttachmentFormat.CHUNK_BYTES, AttachmentFormat.CHUNK_BYTES + 1, 700_000}) {
            byte[] file = randomBytes(size, size);
            Sealed sealed = seal(file, "photo.jpg", "image/jpeg");
            assertEquals(AttachmentFormat.chunkCount(size), sealed.chunks().size());
            assertEquals(AttachmentFormat.SEALED_HEADER_BYTES, sealed.chunks().get(0).length);
            for (int i = 1; i < sealed.chunks().size(); i++) {
                assertEquals(AttachmentFormat.SEALED_CHUNK_BYTES, sealed.chunks().get(i).length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AttachmentHeader header = sealed.opener(sealed.chunks().size()).open(sealed.chunks()::get, out);
            assertArrayEquals(file, out.toByteArray(), "size " + size);
            assertEquals(new AttachmentHeader("photo.jpg", "image/jpeg", size, true), header);
        }
        assertEquals(2, AttachmentFormat.chunkCount(0));
        assertEquals(3, AttachmentFormat.chunkCount(AttachmentFormat.CHUNK_BYTES + 1));
    }

    @Test
    void resealingOneChunkOnItsOwnGivesTheSameCiphertext() throws Exception {
        byte[] file = randomBytes(600_000, 7);
        Sealed sealed = seal(file, "a.bin", "application/octet-stream");
        byte[] second = new byte[AttachmentFormat.CHUNK_BYTES];
        System.arraycopy(file, AttachmentFormat.CHUNK_BYTES, second, 0, AttachmentFormat.CHUNK_BYTES);
        assertArrayEquals(sealed.chunks().get(2),
                sealed.sealer().sealChunk(sealed.id(), 4, 2, second, AttachmentFormat.CHUNK_BYTES));
    }

    @Test
    void chunkMovedToAnotherIndexDoesNotOpen() throws Exception {
        Sealed sealed = seal(randomBytes(700_000, 3), "a.bin", "application/octet-stream");
        List<byte[]> swapped = new ArrayList<>(sealed.chunks());
        swapped.set(1, sealed.chunks().get(2));
        swapped.set(2, sealed.chunks().get(1));
        assertFails(sealed.opener(4), swapped);
        assertThrows(DecryptionException.class, () -> sealed.opener(4).openChunk(2, sealed.chunks().get(1)));
    }

    @Test
    void attachmentMovedToAnotherIdDoesNotOpen() throws Exception {
        Sealed sealed = seal(randomBytes(300_000, 4), "a.bin", "application/octet-stream");
        AttachmentOpener otherId = new AttachmentOpener(KEY.privateKey(), KID, sealed.sealer().enc(), UUID.randomUUID(), 3);
        assertFails(otherId, sealed.chunks());
        AttachmentOpener otherKid = new AttachmentOpener(KEY.privateKey(), "intake-test-2", sealed.sealer().enc(),
                sealed.id(), 3);
        assertFails(otherKid, sealed.chunks());
    }

    @Test
    void chunkFromAnotherReportsAttachmentDoesNotOpen() throws Exception {
        Sealed mine = seal(randomBytes(300_000, 5), "mine.jpg", "image/jpeg");
        Sealed theirs = seal(randomBytes(300_000, 6), "theirs.jpg", "image/jpeg");
        List<byte[]> mixed = new ArrayList<>(mine.chunks());
        mixed.set(1, theirs.chunks().get(1));
        assertFails(mine.opener(3), mixed);
        List<byte[]> mixedHeader = new ArrayList<>(mine.chunks());
        mixedHeader.set(0, theirs.chunks().get(0));
        assertFails(mine.opener(3), mixedHeader);
    }

    @Test
    void truncatedFileDoesNotOpenUnderTheShorterCount() throws Exception {
        Sealed sealed = seal(randomBytes(700_000, 8), "a.bin", "application/octet-stream");
        assertFails(sealed.opener(3), sealed.chunks().subList(0, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(DecryptionException.class, () -> sealed.opener(5).open(i -> i < 4 ? sealed.chunks().get(i)
                : sealed.chunks().get(3), out));
    }

    @Test
    void tamperedChunkDoesNotOpen() throws Exception {
        Sealed sealed = seal(randomBytes(10, 9), "a.txt", "text/plain");
        List<byte[]> tampered = new ArrayList<>(sealed.chunks());
        byte[] flipped = tampered.get(1).clone();
        flipped[100] ^= 1;
        tampered.set(1, flipped);
        assertFails(sealed.opener(2), tampered);
    }

    @Test
    void fileNameAndContentAreNotInTheCiphertext() throws Exception {
        String canary = "CANARY-" + UUID.randomUUID();
        byte[] file = (canary + " ").repeat(1000).getBytes(StandardCharsets.UTF_8);
        Sealed sealed = seal(file, canary + ".txt", "text/plain");
        for (byte[] chunk : sealed.chunks()) {
            assertFalse(new String(chunk, StandardCharsets.ISO_8859_1).contains(canary));
        }
    }

    @Test
    void refusesFilesWhoseLengthDiffersFromTheHeader() {
        AttachmentSealer sealer = AttachmentSealer.to(KID, KEY.publicKey());
        UUID id = UUID.randomUUID();
        assertThrows(IOException.class, () -> sealer.seal(id, new AttachmentHeader("a", "t", 10, false),
                new ByteArrayInputStream(new byte[9]), (i, c) -> { }));
        assertThrows(IOException.class, () -> sealer.seal(id, new AttachmentHeader("a", "t", 10, false),
                new ByteArrayInputStream(new byte[11]), (i, c) -> { }));
    }

    /** Seals 20 MB streamed from a generator, so the figure is the sealer's own time and allocation. */
    @Test
    void sealsTwentyMegabytesChunkByChunk() throws Exception {
        long size = 20L * 1024 * 1024;
        AttachmentSealer sealer = AttachmentSealer.to(KID, KEY.publicKey());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long[] sealedBytes = {0};
        int[] count = {0};
        sealer.seal(UUID.randomUUID(), new AttachmentHeader("video.mp4", "video/mp4", size, false),
                new GeneratedStream(size), (index, ct) -> {
                    sealedBytes[0] += ct.length;
                    count[0]++;
                });
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertEquals(81, count[0]);
        assertEquals(AttachmentFormat.SEALED_HEADER_BYTES + 80L * AttachmentFormat.SEALED_CHUNK_BYTES, sealedBytes[0]);
        System.out.printf("Sealed 20 MiB in %d ms, %d MiB allocated in total (about %d KiB per chunk)%n", millis,
                allocated >> 20, allocated / 81 / 1024);
        // Allocation per chunk stays a few chunk-sizes: the file itself is never held.
        assertTrue(allocated / 81 < 6L * AttachmentFormat.CHUNK_BYTES, "allocated " + allocated);
    }

    private record Sealed(AttachmentSealer sealer, UUID id, List<byte[]> chunks) {
        AttachmentOpener opener(int chunks) {
            return new AttachmentOpener(KEY.privateKey(), KID, sealer.enc(), id, chunks);
        }
    }

    private static Sealed seal(byte[] file, String name, String type) throws IOException {
        AttachmentSealer sealer = AttachmentSealer.to(KID, KEY.publicKey());
        UUID id = UUID.randomUUID();
        List<byte[]> chunks = new ArrayList<>();
        sealer.seal(id, new AttachmentHeader(name, type, file.length, type.startsWith("image/")),
                new ByteArrayInputStream(file), (index, ct) -> {
                    assertEquals(chunks.size(), index);
                    chunks.add(ct);
                });
        return new Sealed(sealer, id, chunks);
    }

    private static void assertFails(AttachmentOpener opener, List<byte[]> chunks) {
        assertThrows(DecryptionException.class, () -> opener.open(chunks::get, OutputStream.nullOutputStream()));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Bytes made on demand, never held. */
    private static final class GeneratedStream extends InputStream {
        private long left;

        GeneratedStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? (int) (left & 0x7f) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((left - i) & 0x7f);
            }
            left -= n;
            return n;
        }
    }
}
