package io.riberry.platform.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure names what was awaited and the last value seen. */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(50);

    private Eventually() {
    }

    public static void await(final Duration timeout, final String what, final Supplier<Boolean> condition) {
        awaitValue(timeout, what, () -> condition.get() ? Boolean.TRUE : null);
    }

    /**
     * Polls {@code condition} for the whole of {@code period} and fails as soon as it does not hold:
     * for what must not happen (a wait that must go on, a task that must not run again).
     */
    public static void holds(final Duration period, final String what, final Supplier<Boolean> condition) {
        final long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.get()) {
                throw new AssertionError("Expected " + what + " for " + period.toMillis() + " ms; it stopped holding");
            }
            LockSupport.parkNanos(POLL.toNanos());
        } while (System.nanoTime() < end);
    }

    /** Polls until {@code probe} answers non-null, and answers that. */
    public static <T> T awaitValue(final Duration timeout, final String what, final Supplier<T> probe) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                final T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                final AssertionError failure = new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
