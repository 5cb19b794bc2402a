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
    ACCOUNT_LOCKED;

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
