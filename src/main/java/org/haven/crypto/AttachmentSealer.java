package org.haven.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Seals one file as an attachment (docs/attachments.md) to an intake key: one HPKE context, chunk i sealed with
 * sequence number i. Streaming: a file is read 256 KiB at a time and never held whole. Any chunk can also be
 * sealed on its own, and comes out the same, which is what lets an upload resume.
 */
public final class AttachmentSealer {

    private final String kid;
    private final HpkeContext context;

    private AttachmentSealer(String kid, HpkeContext context) {
        this.kid = kid;
        this.context = context;
    }

    /** A new encapsulation to {@code publicKey}; its {@link #enc()} goes into the create request. */
    public static AttachmentSealer to(String kid, byte[] publicKey) {
        if (!Envelope.isKid(kid)) {
            throw new IllegalArgumentException("bad kid");
        }
        return new AttachmentSealer(kid, HpkeContext.sender(publicKey, AttachmentFormat.INFO));
    }

    /** With a given ephemeral key pair, for the test vector of docs/attachments.md only. */
    static AttachmentSealer to(String kid, byte[] publicKey,
            org.bouncycastle.crypto.AsymmetricCipherKeyPair ephemeral) {
        return new AttachmentSealer(kid, HpkeContext.sender(publicKey, AttachmentFormat.INFO, ephemeral));
    }

    public String kid() {
        return kid;
    }

    public byte[] enc() {
        return context.enc();
    }

    /** Chunk 0: the padded header, 4112 bytes sealed. */
    public byte[] sealHeader(UUID id, int chunks, AttachmentHeader header) {
        if (AttachmentFormat.chunkCount(header.size()) != chunks) {
            throw new IllegalArgumentException("chunk count does not fit the size in the header");
        }
        return context.seal(0, AttachmentFormat.aad(kid, id, 0, chunks), header.pad());
    }

    /** Data chunk {@code index} (1 to chunks-1) from the first {@code length} bytes of {@code data}, zero-padded. */
    public byte[] sealChunk(UUID id, int chunks, int index, byte[] data, int length) {
        if (index < 1 || index >= chunks || length < 0 || length > AttachmentFormat.CHUNK_BYTES) {
            throw new IllegalArgumentException("data chunk index or length out of range");
        }
        byte[] padded = new byte[AttachmentFormat.CHUNK_BYTES];
        System.arraycopy(data, 0, padded, 0, length);
        return context.seal(index, AttachmentFormat.aad(kid, id, index, chunks), padded);
    }

    /**
     * Seals header and file in order, handing each chunk to {@code sink} as it is made.
     *
     * @throws IOException if {@code in} fails, or holds more or fewer than {@code header.size()} bytes
     */
    public void seal(UUID id, AttachmentHeader header, InputStream in, ChunkSink sink) throws IOException {
        int chunks = AttachmentFormat.chunkCount(header.size());
        sink.accept(0, sealHeader(id, chunks, header));
        byte[] buffer = new byte[AttachmentFormat.CHUNK_BYTES];
        long remaining = header.size();
        for (int index = 1; index < chunks; index++) {
            int want = (int) Math.min(AttachmentFormat.CHUNK_BYTES, remaining);
            if (in.readNBytes(buffer, 0, want) != want) {
                throw new IOException("the file is shorter than its header says");
            }
            remaining -= want;
            sink.accept(index, sealChunk(id, chunks, index, buffer, want));
        }
        if (in.read() != -1) {
            throw new IOException("the file is longer than its header says");
        }
    }

    /** Receives sealed chunks in order. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(int index, byte[] ciphertext) throws IOException;
    }
}
