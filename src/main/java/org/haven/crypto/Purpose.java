package org.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What an envelope holds. Its {@link #info()} is the HPKE {@code info}, so an envelope sealed as one purpose
 * does not open as another (a reply cannot be passed off as a report).
 */
public enum Purpose {
    REPORT,
    MESSAGE,
    REPLY,
    NOTE,
    ATTACHMENT,
    /** An intake private key sealed to a caseworker's or the recovery key (a key grant). */
    GRANT;

    /** UTF-8 of {@code "haven/v1/" + lower-case name}, e.g. {@code haven/v1/report}. */
    public byte[] info() {
        return ("haven/v1/" + name().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }
}
