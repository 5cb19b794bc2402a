package org.haven.casework.account;

import java.time.Duration;
import java.util.List;

/** The outcome of one sign-in step. Failures never say why, so they cannot reveal whether a user exists. */
public sealed interface SignInResult {

    /** Wrong name, password or code, or a locked or disabled account: all look the same. */
    record Failed(Duration delay) implements SignInResult {
    }

    /**
     * Too many sign-ins have failed across all accounts lately: the step was not tried at all (the password
     * was not checked), for anyone, until {@code retryAfter} has passed.
     */
    record Paused(Duration retryAfter) implements SignInResult {
    }

    /** The password was right; the browser now holds a half session for the second factor. */
    record PasswordAccepted(String sessionCookie, boolean mustEnrol) implements SignInResult {
    }

    /** Fully signed in with a new session id (the half session's id is discarded, against fixation). */
    record SignedIn(String sessionCookie) implements SignInResult {
    }

    /** Second factor enrolled: signed in, and these recovery codes are shown once. */
    record Enrolled(String sessionCookie, List<String> recoveryCodes) implements SignInResult {
    }
}
