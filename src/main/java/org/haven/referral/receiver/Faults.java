package org.haven.referral.receiver;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test hooks that make a {@link ReferenceReceiver} behave like a force having a bad day, so Haven's delivery
 * can be tested against outages. Nothing here is on unless a test turns it on; a receiver started from the
 * command line never does.
 */
public final class Faults {

    private final ReferenceReceiver receiver;
    private final AtomicInteger refuse = new AtomicInteger();
    private final AtomicInteger lose = new AtomicInteger();
    private volatile int refuseStatus = 500;
    private volatile int loseStatus = 500;
    private volatile Duration delay = Duration.ZERO;

    Faults(ReferenceReceiver receiver) {
        this.receiver = receiver;
    }

    /** The next {@code count} requests are answered {@code status} at once and not looked at (nothing recorded). */
    public Faults failNext(int count, int status) {
        refuseStatus = status;
        refuse.set(count);
        return this;
    }

    /**
     * The next {@code count} requests are checked and, if valid, recorded as usual, but answered {@code status}:
     * a force that took the referral and whose answer was lost. Haven's retry must then be a duplicate.
     */
    public Faults loseNextAnswers(int count, int status) {
        loseStatus = status;
        lose.set(count);
        return this;
    }

    /** Every answer waits {@code delay} before it is sent (the request is still handled); zero turns it off. */
    public Faults delayAnswers(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Closes the listening socket, keeping the port, so connections are refused until {@link #acceptConnections}. */
    public void refuseConnections() {
        receiver.closeSocket();
    }

    /** Listens again on the same port. */
    public void acceptConnections() {
        receiver.openSocket();
    }

    /** Every hook off (connections are left as they are). */
    public void clear() {
        refuse.set(0);
        lose.set(0);
        delay = Duration.ZERO;
    }

    OptionalInt takeFailure() {
        return take(refuse) ? OptionalInt.of(refuseStatus) : OptionalInt.empty();
    }

    OptionalInt takeLostAnswer() {
        return take(lose) ? OptionalInt.of(loseStatus) : OptionalInt.empty();
    }

    void waitBeforeAnswering() {
        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
