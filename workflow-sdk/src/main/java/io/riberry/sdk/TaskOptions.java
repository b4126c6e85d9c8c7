package io.riberry.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * How a tracked task handles failure. Retries wait {@code initialBackoff}, doubling up to
 * {@code maxBackoff}, and do not fail anything until exhausted. Then, with a fallback, the task
 * is recorded FAILURE with an {@code error} artifact of category {@code Intercepted} and the
 * fallback is returned; without one, the artifact's category is {@code Fatal}, the execution
 * ends FAILURE at once, and its remaining tasks are skipped.
 */
public record TaskOptions<T>(int retries, Duration initialBackoff, Duration maxBackoff, Optional<T> fallback) {

    public static <T> TaskOptions<T> defaults() {
        return new TaskOptions<>(0, Duration.ofMillis(100), Duration.ofSeconds(10), Optional.empty());
    }

    public TaskOptions<T> withRetries(final int count, final Duration firstBackoff) {
        if (count < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        return new TaskOptions<>(count, firstBackoff, maxBackoff, fallback);
    }

    public TaskOptions<T> withMaxBackoff(final Duration max) {
        return new TaskOptions<>(retries, initialBackoff, max, fallback);
    }

    public TaskOptions<T> withFallback(final T value) {
        return new TaskOptions<>(retries, initialBackoff, maxBackoff, Optional.of(value));
    }

    /** The wait before retry number {@code attempt} (1-based). */
    public Duration backoff(final int attempt) {
        final long millis = initialBackoff.toMillis() << Math.min(30, attempt - 1);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
