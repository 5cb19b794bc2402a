package org.haven.crypto;

import java.nio.ByteBuffer;

/**
 * Pads plaintext to a size bucket before sealing, so that ciphertext length says little about content.
 *
 * <p>Padded form: 4-byte big-endian plaintext length, the plaintext, then zero bytes up to the smallest bucket
 * that holds both. Buckets are 1, 2, 4, ... 512 KiB, 1 MiB, then every whole multiple of 1 MiB (doubling past
 * 1 MiB would waste up to half of a large attachment).
 */
public final class Padding {

    static final int LENGTH_PREFIX = 4;
    static final int SMALLEST_BUCKET = 1024;
    static final int MIB = 1024 * 1024;
    /** Haven's own ceiling on a padded plaintext, far above any request it accepts. */
    public static final int MAX_PADDED = 1024 * MIB;

    private Padding() {
    }

    public static boolean isBucketSize(int size) {
        if (size < SMALLEST_BUCKET || size > MAX_PADDED) {
            return false;
        }
        if (size <= MIB) {
            return Integer.bitCount(size) == 1;
        }
        return size % MIB == 0;
    }

    /** The smallest bucket that holds {@code needed} bytes. */
    static int bucketFor(long needed) {
        if (needed > MAX_PADDED) {
            throw new IllegalArgumentException("plaintext too large to pad");
        }
        if (needed <= MIB) {
            int bucket = SMALLEST_BUCKET;
            while (bucket < needed) {
                bucket <<= 1;
            }
            return bucket;
        }
        return (int) ((needed + MIB - 1) / MIB * MIB);
    }

    public static byte[] pad(byte[] plaintext) {
        int bucket = bucketFor((long) LENGTH_PREFIX + plaintext.length);
        byte[] padded = new byte[bucket];
        ByteBuffer.wrap(padded).putInt(plaintext.length).put(plaintext);
        return padded;
    }

    /**
     * @throws MalformedEnvelopeException if the size is not a bucket, the length prefix does not fit, the bucket
     *     is not the smallest for that length, or any padding byte is non-zero
     */
    public static byte[] unpad(byte[] padded) {
        if (!isBucketSize(padded.length)) {
            throw new MalformedEnvelopeException("padded size is not a bucket size");
        }
        int length = ByteBuffer.wrap(padded).getInt();
        if (length < 0 || length > padded.length - LENGTH_PREFIX) {
            throw new MalformedEnvelopeException("bad padding length prefix");
        }
        if (bucketFor((long) LENGTH_PREFIX + length) != padded.length) {
            throw new MalformedEnvelopeException("padding is not the smallest bucket");
        }
        int nonZero = 0;
        for (int i = LENGTH_PREFIX + length; i < padded.length; i++) {
            nonZero |= padded[i];
        }
        if (nonZero != 0) {
            throw new MalformedEnvelopeException("non-zero padding");
        }
        byte[] plaintext = new byte[length];
        System.arraycopy(padded, LENGTH_PREFIX, plaintext, 0, length);
        return plaintext;
    }
}
