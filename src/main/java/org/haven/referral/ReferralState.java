package org.haven.referral;

import java.util.Locale;

/** Where a referral is on its way to a force. */
public enum ReferralState {
    /** Passed the firewall; waits for a second caseworker (when approval is required). */
    AWAITING_APPROVAL,
    /** In the outbox; the delivery worker is trying to deliver it. */
    QUEUED,
    /** The force answered 2xx. */
    DELIVERED,
    /** Not delivered within the give-up age; a caseworker may queue it again. */
    DEAD,
    /** Cancelled by a caseworker, or because the reporter withdrew consent or the report. */
    CANCELLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
