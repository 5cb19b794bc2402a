package org.haven.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Opens an attachment sealed as docs/attachments.md describes, given what the server stores in clear (kid, enc,
 * id, number of chunks). Every chunk is authenticated with its own index, the attachment id, the key id and the
 * chunk count, so a chunk moved to another place, another attachment or another report, or a file cut short,
 * fails with {@link DecryptionException} and no plaintext of that chunk is returned.
 */
public final class AttachmentOpener {

    private final String kid;
    private final UUID id;
    private final int chunks;
    private final HpkeContext context;

    /**
     * @throws DecryptionException if {@code enc} is not a P-256 point or the key is unusable
     */
    public AttachmentOpener(byte[] privateKey, String kid, byte[] enc, UUID id, int chunks) {
        if (chunks < 2) {
            throw new DecryptionException();
        }
        this.kid = kid;
        this.id = id;
        this.chunks = chunks;
        this.context = HpkeContext.receiver(privateKey, enc, AttachmentFormat.INFO);
    }

    /**
     * @throws DecryptionException if {@code ct} is not this attachment's chunk 0
     * @throws MalformedEnvelopeException if it opens but the header is not well formed or its size does not fit
     */
    public AttachmentHeader openHeader(byte[] ct) {
        AttachmentHeader header = AttachmentHeader.unpad(open(0, ct, AttachmentFormat.SEALED_HEADER_BYTES));
        if (AttachmentFormat.chunkCount(header.size()) != chunks) {
            throw new MalformedEnvelopeException("attachment size does not fit its chunk count");
        }
        return header;
    }

    /** The 256 KiB padded plaintext of data chunk {@code index}. */
    public byte[] openChunk(int index, byte[] ct) {
        if (index < 1 || index >= chunks) {
            throw new DecryptionException();
        }
        return open(index, ct, AttachmentFormat.SEALED_CHUNK_BYTES);
    }

    /**
     * Opens chunks 0 to n-1 in order, writing the file (without padding) to {@code out}. On a failure,
     * {@code out} holds the file up to the last chunk that opened: callers discard it.
     */
    public AttachmentHeader open(ChunkSource source, OutputStream out) throws IOException {
        AttachmentHeader header = openHeader(source.chunk(0));
        long remaining = header.size();
        for (int index = 1; index < chunks; index++) {
            byte[] data = openChunk(index, source.chunk(index));
            int length = (int) Math.min(AttachmentFormat.CHUNK_BYTES, remaining);
            for (int i = length; i < data.length; i++) {
                if (data[i] != 0) {
                    throw new MalformedEnvelopeException("attachment padding not zero");
                }
            }
            out.write(data, 0, length);
            remaining -= length;
        }
        return header;
    }

    private byte[] open(int index, byte[] ct, int expectedLength) {
        if (ct == null || ct.length != expectedLength) {
            throw new DecryptionException();
        }
        return context.open(index, AttachmentFormat.aad(kid, id, index, chunks), ct);
    }

    /** Supplies chunk {@code index} as stored. */
    @FunctionalInterface
    public interface ChunkSource {
        byte[] chunk(int index) throws IOException;
    }
}
