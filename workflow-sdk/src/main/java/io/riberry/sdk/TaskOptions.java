package io.riberry.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a tracked task (a step or a chain) runs and handles failure. Immutable: every {@code with}
 * method answers a copy.
 *
 * <ul>
 *   <li><b>Retries</b> wait {@code initialBackoff}, doubling up to {@code maxBackoff}, each wait
 *       spread by the jitter (0.2 means anywhere from 80% to 120% of it), and fail nothing until
 *       exhausted. By default every {@link Exception} is retried; {@link #retryOn} narrows that to
 *       some classes and {@link #doNotRetryOn} excludes some (it wins). An interrupted task, or one
 *       whose execution ended, is never retried.</li>
 *   <li><b>Timeout</b>: an attempt that runs longer fails with a {@link TaskTimeoutException},
 *       retried even when {@link #retryOn} names other classes, unless {@link #doNotRetryOn}
 *       excludes it. Its thread is interrupted and its result, should it still come, ignored; an
 *       attempt that ignores the interrupt may still be running while the next one starts.</li>
 *   <li><b>Fallback</b>: once retries are exhausted, the task is recorded FAILURE with an
 *       {@code error} artifact of category {@code Intercepted} and the fallback value (which may be
 *       null) is used. Without one, the artifact's category is {@code Fatal}, the execution ends
 *       FAILURE at once, and its remaining tasks are skipped.</li>
 *   <li><b>Cancellation</b>: a cancelled execution runs no more tasks. A task already running
 *       finishes, unless {@link #withInterruptOnCancel()} asks for its thread to be interrupted.</li>
 * </ul>
 *
 * @param <T> the type of the task's value
 */
public final class TaskOptions<T> {

    private static final TaskOptions<Object> DEFAULTS = new TaskOptions<>(0, Duration.ofMillis(100), Duration.ofSeconds(10), 0.0,
            null, List.of(), List.of(), false, null, false);

    private final int retries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration timeout;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> doNotRetryOn;
    private final boolean hasFallback;
    private final T fallback;
    private final boolean interruptOnCancel;

    private TaskOptions(final int retries, final Duration initialBackoff, final Duration maxBackoff, final double jitter,
                        final Duration timeout, final List<Class<? extends Throwable>> retryOn,
                        final List<Class<? extends Throwable>> doNotRetryOn, final boolean hasFallback, final T fallback,
                        final boolean interruptOnCancel) {
        this.retries = retries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
        this.timeout = timeout;
        this.retryOn = retryOn;
        this.doNotRetryOn = doNotRetryOn;
        this.hasFallback = hasFallback;
        this.fallback = fallback;
        this.interruptOnCancel = interruptOnCancel;
    }

    /**
     * No retry, no timeout, no fallback (a failure ends the execution), not interrupted on cancel.
     *
     * @param <T> the type of the task's value
     * @return the default options
     */
    @SuppressWarnings("unchecked")
    public static <T> TaskOptions<T> defaults() {
        return (TaskOptions<T>) DEFAULTS;
    }

    /**
     * Retries a failed task.
     *
     * @param count        retries after the first attempt (0 for none)
     * @param firstBackoff the wait before the first retry; each next one doubles
     * @return a copy with these retries
     */
    public TaskOptions<T> withRetries(final int count, final Duration firstBackoff) {
        if (count < 0) {
            throw new IllegalArgumentException("retries must not be negative, not " + count);
        }
        requirePositive(firstBackoff, "the first backoff");
        return new TaskOptions<>(count, firstBackoff, maxBackoff, jitter, timeout, retryOn, doNotRetryOn, hasFallback, fallback,
                interruptOnCancel);
    }

    /**
     * Caps the doubling wait between retries.
     *
     * @param max the longest wait (default 10 s)
     * @return a copy with this cap
     */
    public TaskOptions<T> withMaxBackoff(final Duration max) {
        requirePositive(max, "the max backoff");
        return new TaskOptions<>(retries, initialBackoff, max, jitter, timeout, retryOn, doNotRetryOn, hasFallback, fallback,
                interruptOnCancel);
    }

    /**
     * Spreads each wait between retries, so that tasks failing together do not retry together.
     *
     * @param fraction from 0 (none, the default) to 1: a wait is drawn from {@code backoff * (1 +/- fraction)}
     * @return a copy with this jitter
     */
    public TaskOptions<T> withJitter(final double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, not " + fraction);
        }
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, fraction, timeout, retryOn, doNotRetryOn, hasFallback, fallback,
                interruptOnCancel);
    }

    /**
     * Fails an attempt that runs longer than {@code limit} with a {@link TaskTimeoutException}.
     *
     * @param limit how long one attempt may run
     * @return a copy with this timeout
     */
    public TaskOptions<T> withTimeout(final Duration limit) {
        requirePositive(limit, "the timeout");
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, jitter, limit, retryOn, doNotRetryOn, hasFallback, fallback,
                interruptOnCancel);
    }

    /**
     * Retries only failures of these classes (and their subclasses); any other failure is final.
     *
     * @param retryable the exception classes worth retrying
     * @return a copy retrying only those
     */
    @SafeVarargs
    public final TaskOptions<T> retryOn(final Class<? extends Throwable>... retryable) {
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, jitter, timeout, List.of(retryable), doNotRetryOn, hasFallback,
                fallback, interruptOnCancel);
    }

    /**
     * Never retries failures of these classes (and their subclasses), whatever {@link #retryOn} says.
     *
     * @param permanent the exception classes a retry cannot fix (bad input, for instance)
     * @return a copy not retrying those
     */
    @SafeVarargs
    public final TaskOptions<T> doNotRetryOn(final Class<? extends Throwable>... permanent) {
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, jitter, timeout, retryOn, List.of(permanent), hasFallback,
                fallback, interruptOnCancel);
    }

    /**
     * Uses {@code value} when the task fails for good, instead of ending the execution.
     *
     * @param value the fallback; may be null
     * @return a copy with this fallback
     */
    public TaskOptions<T> withFallback(final T value) {
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, jitter, timeout, retryOn, doNotRetryOn, true, value,
                interruptOnCancel);
    }

    /**
     * Interrupts the task's thread when its execution is cancelled (or ends otherwise) while it
     * runs, so that a task blocked in I/O or sleeping stops at once.
     *
     * @return a copy that is interrupted on cancel
     */
    public TaskOptions<T> withInterruptOnCancel() {
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, jitter, timeout, retryOn, doNotRetryOn, hasFallback, fallback,
                true);
    }

    /** @return retries after the first attempt */
    public int retries() {
        return retries;
    }

    /** @return the longest an attempt may run, or null for no limit */
    public Duration timeout() {
        return timeout;
    }

    /** @return whether a fallback value was given */
    public boolean hasFallback() {
        return hasFallback;
    }

    /** @return the fallback value (null when none was given, or when null was given) */
    public T fallback() {
        return fallback;
    }

    /** @return whether a cancel interrupts the task's thread */
    public boolean interruptOnCancel() {
        return interruptOnCancel;
    }

    /**
     * Whether a failure may be retried, leaving aside how many retries remain.
     *
     * @param failure what an attempt threw
     * @return false for interrupts, ended executions, classes excluded, or classes not among those retried
     */
    public boolean isRetryable(final Throwable failure) {
        if (failure instanceof InterruptedException || failure instanceof ExecutionEndedException) {
            return false;
        }
        if (matches(doNotRetryOn, failure)) {
            return false;
        }
        return retryOn.isEmpty() || failure instanceof TaskTimeoutException || matches(retryOn, failure);
    }

    /**
     * The wait before retry number {@code attempt}, without jitter.
     *
     * @param attempt the retry, from 1
     * @return the initial backoff doubled {@code attempt - 1} times, at most the max backoff
     */
    public Duration backoff(final int attempt) {
        final long max = maxBackoff.toMillis();
        long millis = initialBackoff.toMillis();
        // Doubling stops at the cap, so no backoff overflows however long or however many.
        for (int doubling = 1; doubling < attempt && millis < max; doubling++) {
            millis = millis > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : millis * 2;
        }
        return Duration.ofMillis(Math.min(millis, max));
    }

    /**
     * The wait before retry number {@code attempt}, with jitter.
     *
     * @param attempt the retry, from 1
     * @param random  a number from 0 (inclusive) to 1 (exclusive)
     * @return {@link #backoff(int)} spread by the jitter, never negative
     */
    public Duration backoff(final int attempt, final double random) {
        final long base = backoff(attempt).toMillis();
        return Duration.ofMillis(Math.max(0, Math.round(base * (1 + jitter * (2 * random - 1)))));
    }

    private static boolean matches(final List<Class<? extends Throwable>> classes, final Throwable failure) {
        return classes.stream().anyMatch(type -> type.isInstance(failure));
    }

    private static void requirePositive(final Duration duration, final String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + duration);
        }
    }
}
