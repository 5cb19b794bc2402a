package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA-1 seed and its 8-digit codes. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesRfc6238AppendixBForSha1() {
        assertEquals("94287082", Totp.code(RFC_SEED, Totp.step(59), 8, "HmacSHA1"));
        assertEquals("07081804", Totp.code(RFC_SEED, Totp.step(1111111109), 8, "HmacSHA1"));
        assertEquals("14050471", Totp.code(RFC_SEED, Totp.step(1111111111), 8, "HmacSHA1"));
        assertEquals("89005924", Totp.code(RFC_SEED, Totp.step(1234567890), 8, "HmacSHA1"));
        assertEquals("69279037", Totp.code(RFC_SEED, Totp.step(2000000000), 8, "HmacSHA1"));
        assertEquals("65353130", Totp.code(RFC_SEED, Totp.step(20000000000L), 8, "HmacSHA1"));
    }

    @Test
    void acceptsOneStepOfDriftAndNeverTheSameStepTwice() {
        long now = 1_700_000_000L;
        String current = Totp.code(RFC_SEED, Totp.step(now));
        String previous = Totp.code(RFC_SEED, Totp.step(now) - 1);
        String old = Totp.code(RFC_SEED, Totp.step(now) - 3);
        assertEquals(Totp.step(now), Totp.verify(RFC_SEED, current, now, 0).getAsLong());
        assertTrue(Totp.verify(RFC_SEED, previous, now, 0).isPresent());
        assertFalse(Totp.verify(RFC_SEED, old, now, 0).isPresent());
        assertFalse(Totp.verify(RFC_SEED, current, now, Totp.step(now)).isPresent(), "replay refused");
        assertFalse(Totp.verify(RFC_SEED, "12345", now, 0).isPresent());
        assertFalse(Totp.verify(RFC_SEED, null, now, 0).isPresent());
    }

    @Test
    void encodesBase32AsRfc4648() {
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SEED));
    }
}
