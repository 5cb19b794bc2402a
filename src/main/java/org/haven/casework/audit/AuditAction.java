package org.haven.casework.audit;

import java.util.Optional;

/**
 * What a staff member did. Closed on purpose: an audit entry says which kind of thing happened, never what
 * was written, so there is no free-text action. The enum name is the stored code and part of every entry's
 * hash: never rename or remove a constant (old entries would stop verifying); add new ones at will.
 */
public enum AuditAction {
    SIGN_IN,
    /**
     * A failed sign-in. The actor must be the account id of an existing account, or a fixed marker such as
     * {@code "unknown"}: never the typed username verbatim, which is sometimes a mistyped password.
     */
    SIGN_IN_FAILED,
    SIGN_OUT,
    /** The caseworker's browser unlocked their key (the server only learns that it happened). */
    UNLOCK,
    VIEW_REPORT,
    STATUS_CHANGE,
    ASSIGN,
    MESSAGE,
    NOTE,
    OUTCOME,
    GRANT,
    REVOKE,
    ROTATE_KEY,
    DELETE_REPORT,
    EXPORT,
    ACCOUNT_CREATED,
    ACCOUNT_LOCKED,
    /** A referral passed every firewall check and was queued for delivery (detail: sha256 of what is sent). */
    REFERRAL_SENT,
    /** A referral passed every check and waits for a second caseworker (detail: sha256 of the document). */
    REFERRAL_PROPOSED,
    /** The firewall refused a referral (detail: the kinds of what it found, never the text). */
    REFERRAL_BLOCKED,
    /** A caseworker cancelled a referral before delivery. */
    REFERRAL_CANCELLED,
    /** Delivery gave up after the configured age; the caseworker is told on the case. Actor {@code outbox}. */
    REFERRAL_DEAD,
    /** A caseworker queued a dead referral again. */
    REFERRAL_RETRIED,
    /** An admin changed a police force's endpoint, key or whether it is switched on. */
    FORCE_CHANGED,
    /**
     * A staff member's browser was served part of an evidence file (detail {@code attachment=<id>,part=header}
     * when its name, type and size could be read, {@code attachment=<id>,part=content} when its content could).
     */
    READ_ATTACHMENT;

    /** The stored code. */
    public String code() {
        return name();
    }

    /** The action a stored code names, or empty for a code this version does not know. */
    public static Optional<AuditAction> fromCode(String code) {
        for (AuditAction action : values()) {
            if (action.name().equals(code)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
