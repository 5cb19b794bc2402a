package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.haven.web.HavenConfig;

/**
 * The global budget of failed sign-in steps, shared by every account, name and replica. Per-account lockout
 * stops guessing many passwords for one account; this stops trying one password against many accounts.
 * Haven stores no client addresses, so the budget is for everyone at once: when it is spent, new password
 * steps pause for all until failures age out of the window. Sessions already signed in are not affected.
 *
 * <p>Counted per minute in {@code staff_sign_in_failure}, inside the caller's transaction.
 */
@ApplicationScoped
public class SignInBudget {

    private final int budget;
    private final Duration window;

    public SignInBudget(HavenConfig config) {
        this.budget = config.staff().globalFailureBudget();
        this.window = config.staff().globalFailureWindow();
    }

    /** True when the failures within the window have used up the budget. */
    public Uni<Boolean> spent() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select coalesce(sum(failures), 0)::bigint from staff_sign_in_failure "
                        + "where minute > now() - make_interval(secs => :secs)", Long.class)
                .setParameter("secs", (double) window.toSeconds())
                .getSingleResult())
                .map(failures -> failures >= budget);
    }

    /** Counts one failure, and forgets minutes that have left the window. */
    public Uni<Void> spend() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into staff_sign_in_failure (minute, failures) values (date_trunc('minute', now()), 1) "
                        + "on conflict (minute) do update set failures = staff_sign_in_failure.failures + 1")
                .executeUpdate()
                .chain(() -> session.createNativeQuery(
                        "delete from staff_sign_in_failure where minute < now() - make_interval(secs => :secs)")
                        .setParameter("secs", (double) window.toSeconds() + 60)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** How long a paused sign-in should wait before trying again: the window, at most. */
    public Duration window() {
        return window;
    }
}
