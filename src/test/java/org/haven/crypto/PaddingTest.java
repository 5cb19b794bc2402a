package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaddingTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    @Test
    void padsToTheSmallestBucketThatHoldsLengthAndPlaintext() {
        assertEquals(KIB, Padding.pad(new byte[0]).length);
        assertEquals(KIB, Padding.pad(new byte[KIB - 4]).length);
        assertEquals(2 * KIB, Padding.pad(new byte[KIB - 3]).length);
        assertEquals(8 * KIB, Padding.pad(new byte[5000]).length);
        assertEquals(16 * KIB, Padding.pad(new byte[8 * KIB]).length);
        assertEquals(MIB, Padding.pad(new byte[MIB - 4]).length);
        assertEquals(2 * MIB, Padding.pad(new byte[MIB - 3]).length);
        assertEquals(3 * MIB, Padding.pad(new byte[2 * MIB + 1]).length);
    }

    @Test
    void knowsTheBucketSizes() {
        for (int size = KIB; size <= MIB; size *= 2) {
            assertTrue(Padding.isBucketSize(size), "bucket " + size);
        }
        assertTrue(Padding.isBucketSize(3 * MIB));
        assertTrue(Padding.isBucketSize(17 * MIB));
        assertFalse(Padding.isBucketSize(0));
        assertFalse(Padding.isBucketSize(512));
        assertFalse(Padding.isBucketSize(3 * KIB));
        assertFalse(Padding.isBucketSize(MIB + KIB));
        assertFalse(Padding.isBucketSize(-KIB));
    }

    @Test
    void unpadsWhatItPadded() {
        byte[] plaintext = new byte[3000];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) (i * 7 + 1);
        }
        byte[] padded = Padding.pad(plaintext);
        assertEquals(4 * KIB, padded.length);
        assertEquals(0, padded[0]);
        assertEquals(3000 >> 8, padded[2]);
        assertEquals((byte) 3000, padded[3]);
        assertArrayEquals(plaintext, Padding.unpad(padded));
        assertArrayEquals(new byte[0], Padding.unpad(Padding.pad(new byte[0])));
    }

    @Test
    void rejectsNonZeroPadding() {
        byte[] padded = Padding.pad(new byte[10]);
        padded[KIB - 1] = 1;
        assertThrows(MalformedEnvelopeException.class, () -> Padding.unpad(padded));
    }

    @Test
    void rejectsABadLengthPrefix() {
        byte[] tooLong = Padding.pad(new byte[10]);
        tooLong[2] = 0x04; // 1034 > 1024 - 4
        assertThrows(MalformedEnvelopeException.class, () -> Padding.unpad(tooLong));
        byte[] negative = Padding.pad(new byte[10]);
        negative[0] = (byte) 0x80;
        assertThrows(MalformedEnvelopeException.class, () -> Padding.unpad(negative));
    }

    @Test
    void rejectsAWrongBucketSize() {
        assertThrows(MalformedEnvelopeException.class, () -> Padding.unpad(new byte[1000]));
        // 10 bytes belong in 1 KiB; the same prefix in a 2 KiB buffer was not padded by this scheme.
        byte[] oversized = new byte[2 * KIB];
        oversized[3] = 10;
        assertThrows(MalformedEnvelopeException.class, () -> Padding.unpad(oversized));
    }
}
