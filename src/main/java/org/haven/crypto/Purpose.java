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
    GRANT,
    /** A police referral sealed to a force's key; the info also names the document version (docs/referral.md). */
    REFERRAL("haven/v1/referral/v1");

    private final String info;

    Purpose() {
        this.info = null;
    }

    Purpose(String info) {
        this.info = info;
    }

    /** UTF-8 of {@code "haven/v1/" + lower-case name}, e.g. {@code haven/v1/report}, unless the purpose names its own. */
    public byte[] info() {
        return (info != null ? info : "haven/v1/" + name().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }
}
