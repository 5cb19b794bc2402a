package org.haven.referral.outbox;

import java.util.Optional;

/**
 * How one delivery attempt ended: delivered (with the force's reference, if it gave one), failed for now, or
 * impossible (the force's key changed since the referral was sealed, or consent is gone).
 */
record Attempt(Claimed claimed, Kind kind, String error, Optional<String> forceReference, Optional<Notice> notice) {

    /** The reporter's "passed to police" notice sealed to their mailbox key, and its copy for caseworkers. */
    record Notice(String envelope, String copy) {
    }

    Attempt withNotice(Optional<Notice> sealed) {
        return new Attempt(claimed, kind, error, forceReference, sealed);
    }

    enum Kind { DELIVERED, FAILED, IMPOSSIBLE, CANCELLED }

    static Attempt delivered(Claimed claimed, Optional<String> reference) {
        return new Attempt(claimed, Kind.DELIVERED, null, reference, Optional.empty());
    }

    static Attempt failed(Claimed claimed, String error) {
        return new Attempt(claimed, Kind.FAILED, error, Optional.empty(), Optional.empty());
    }

    static Attempt impossible(Claimed claimed, String error) {
        return new Attempt(claimed, Kind.IMPOSSIBLE, error, Optional.empty(), Optional.empty());
    }

    static Attempt cancelled(Claimed claimed) {
        return new Attempt(claimed, Kind.CANCELLED, "consent-withdrawn", Optional.empty(), Optional.empty());
    }
}
