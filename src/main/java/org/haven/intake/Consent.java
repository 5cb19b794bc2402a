package org.haven.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the reporter wants done; the one answer kept in clear, because the police firewall enforces it. */
public enum Consent {
    /** Pass the crime details, never the reporter's identity, to police. */
    POLICE,
    /** Only record it with the advocacy body. */
    RECORD,
    /** Talk to a caseworker before anything else happens. */
    TALK;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Consent> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
