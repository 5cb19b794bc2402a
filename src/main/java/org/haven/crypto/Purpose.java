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
    /**
     * A police referral sealed to a force key (docs/referral.md): the envelope version, then the document
     * version, so a later referral document is a new purpose without a new envelope format.
     */
    REFERRAL("haven/v1/referral/v1");

    private final String info;

    /** {@code "haven/v1/" + lower-case name}, e.g. {@code haven/v1/report}. */
    Purpose() {
        this.info = "haven/v1/" + name().toLowerCase(Locale.ROOT);
    }

    Purpose(String info) {
        this.info = info;
    }

    /** The HPKE {@code info}: UTF-8 of {@code haven/v1/<purpose>} (docs/envelope.md, section 3). */
    public byte[] info() {
        return info.getBytes(StandardCharsets.UTF_8);
    }
}
