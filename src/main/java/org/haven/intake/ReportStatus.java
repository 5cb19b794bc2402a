package org.haven.intake;

import java.util.Locale;

/** Where a report stands in the advocacy body's workflow; shown to the reporter in their mailbox. */
public enum ReportStatus {
    NEW, IN_REVIEW, WAITING, REFERRED, CLOSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
