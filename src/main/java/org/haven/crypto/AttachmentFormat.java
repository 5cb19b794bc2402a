package org.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The sizes and AAD of a sealed attachment (docs/attachments.md): chunk 0 is a 4096-byte header, chunks 1 to
 * n-1 carry the file in 256 KiB pieces, all sealed in one HPKE context with the chunk's index as sequence number.
 */
public final class AttachmentFormat {

    /** Plaintext bytes of the header chunk (chunk 0). */
    public static final int HEADER_BYTES = 4096;
    /** Plaintext bytes of every data chunk (1 to n-1); the last is zero-padded. */
    public static final int CHUNK_BYTES = 262_144;
    public static final int SEALED_HEADER_BYTES = HEADER_BYTES + Hpke.TAG_LENGTH;
    public static final int SEALED_CHUNK_BYTES = CHUNK_BYTES + Hpke.TAG_LENGTH;
    /** The HPKE info: UTF-8 of {@code haven/v1/attachment}. */
    public static final byte[] INFO = Purpose.ATTACHMENT.info();

    private AttachmentFormat() {
    }

    /** n = 1 + ceil(size / 256 KiB), at least 2: an empty file still has one data chunk. */
    public static int chunkCount(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        long data = Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
        return Math.toIntExact(1 + data);
    }

    /** Ciphertext bytes of chunk {@code index}. */
    public static int sealedSize(int index) {
        return index == 0 ? SEALED_HEADER_BYTES : SEALED_CHUNK_BYTES;
    }

    /** UTF-8 of {@code "haven-attachment/v1/" + kid + "/" + id + "/" + index + "/" + chunks}. */
    public static byte[] aad(String kid, UUID id, int index, int chunks) {
        return ("haven-attachment/v1/" + kid + "/" + id + "/" + index + "/" + chunks).getBytes(StandardCharsets.UTF_8);
    }
}
