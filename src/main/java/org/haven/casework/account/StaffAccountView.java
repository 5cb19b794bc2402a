package org.haven.casework.account;

/** An account as the admin's account list shows it: nothing secret. */
public record StaffAccountView(String username, String role, boolean secondFactorEnrolled, boolean locked,
        boolean enabled) {

    static StaffAccountView of(StaffAccount account, java.time.Instant now) {
        return new StaffAccountView(account.username, account.role, account.totpSecret != null,
                account.lockedUntil != null && account.lockedUntil.isAfter(now), account.enabled);
    }
}
