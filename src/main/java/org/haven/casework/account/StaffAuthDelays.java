package org.haven.casework.account;

import java.time.Duration;

/** How long a failed sign-in step waits before answering. */
public final class StaffAuthDelays {

    private StaffAuthDelays() {
    }

    /** The first failure waits {@code first}; each further one doubles it, up to 16 times {@code first}. */
    public static Duration after(Duration first, int failures) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 4));
        Duration cap = first.multipliedBy(16);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
