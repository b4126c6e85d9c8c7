package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TaskOptionsTest {

    private static final Duration HUNDRED_MS = Duration.ofMillis(100);

    @Test
    void shouldHaveNoRetryNoTimeoutNoFallbackAndNoInterruptByDefault() {
        final TaskOptions<String> defaults = TaskOptions.defaults();

        assertThat(defaults.retries()).isZero();
        assertThat(defaults.timeout()).isNull();
        assertThat(defaults.hasFallback()).isFalse();
        assertThat(defaults.fallback()).isNull();
        assertThat(defaults.interruptOnCancel()).isFalse();
    }

    @Test
    void shouldKeepTheRetryCountAndLeaveTheOriginalUnchanged() {
        final TaskOptions<String> original = TaskOptions.defaults();

        final TaskOptions<String> retried = original.withRetries(3, HUNDRED_MS);

        assertThat(retried.retries()).isEqualTo(3);
        assertThat(original.retries()).isZero();
    }

    @Test
    void shouldRetryEveryExceptionWhenNoClassIsNamed() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().withRetries(1, HUNDRED_MS);

        assertThat(options.isRetryable(new IOException("disk"))).isTrue();
        assertThat(options.isRetryable(new IllegalStateException("state"))).isTrue();
    }

    @Test
    void shouldRetryOnlyTheNamedClassesAndTheirSubclasses() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().retryOn(IOException.class);

        assertThat(options.isRetryable(new IOException("disk"))).isTrue();
        assertThat(options.isRetryable(new FileNotFoundException("gone"))).isTrue();
        assertThat(options.isRetryable(new IllegalStateException("state"))).isFalse();
        assertThat(options.isRetryable(new UncheckedIOException(new IOException("wrapped")))).isFalse();
    }

    @Test
    void shouldNotRetryExcludedClassesEvenWhenRetryOnNamesThem() {
        final TaskOptions<String> options = TaskOptions.<String>defaults()
                .retryOn(IOException.class)
                .doNotRetryOn(FileNotFoundException.class);

        assertThat(options.isRetryable(new IOException("disk"))).isTrue();
        assertThat(options.isRetryable(new FileNotFoundException("gone"))).isFalse();
    }

    @Test
    void shouldNotRetryExcludedClassesWhenEverythingElseIsRetried() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().doNotRetryOn(IllegalArgumentException.class);

        assertThat(options.isRetryable(new IllegalArgumentException("bad input"))).isFalse();
        assertThat(options.isRetryable(new NumberFormatException("a subclass"))).isFalse();
        assertThat(options.isRetryable(new TimeoutException("slow"))).isTrue();
    }

    @Test
    void shouldNeverRetryAnInterruptOrAnEndedExecution() {
        final TaskOptions<String> retryingAll = TaskOptions.<String>defaults().retryOn(Exception.class);

        assertThat(retryingAll.isRetryable(new InterruptedException())).isFalse();
        assertThat(retryingAll.isRetryable(new ExecutionEndedException("e-1"))).isFalse();
    }

    @Test
    void shouldDoubleTheBackoffFromTheFirstOneUpToTheMax() {
        final TaskOptions<String> options = TaskOptions.<String>defaults()
                .withRetries(10, HUNDRED_MS)
                .withMaxBackoff(Duration.ofMillis(1000));

        assertThat(options.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(options.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(options.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(options.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(options.backoff(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(options.backoff(6)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void shouldCapTheBackoffOfVeryLateRetriesWithoutOverflowing() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().withRetries(100, Duration.ofSeconds(1));

        assertThat(options.backoff(64)).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.backoff(100)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldSpreadTheBackoffByAtMostTheJitterFraction() {
        final TaskOptions<String> options = TaskOptions.<String>defaults()
                .withRetries(3, Duration.ofMillis(1000))
                .withJitter(0.2);

        assertThat(options.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(options.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(options.backoff(1, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(1200));
        assertThat(options.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(options.backoff(2, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void shouldNotSpreadTheBackoffWithoutJitter() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().withRetries(1, Duration.ofMillis(500));

        assertThat(options.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(options.backoff(1, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldNeverWaitLessThanNothingWithFullJitter() {
        final TaskOptions<String> options = TaskOptions.<String>defaults().withRetries(1, Duration.ofMillis(500)).withJitter(1.0);

        assertThat(options.backoff(1, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(options.backoff(1, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void shouldKeepTheFallbackEvenWhenItIsNull() {
        final TaskOptions<String> withNull = TaskOptions.<String>defaults().withFallback(null);
        final TaskOptions<String> withValue = TaskOptions.<String>defaults().withFallback("none");

        assertThat(withNull.hasFallback()).isTrue();
        assertThat(withNull.fallback()).isNull();
        assertThat(withValue.hasFallback()).isTrue();
        assertThat(withValue.fallback()).isEqualTo("none");
    }

    @Test
    void shouldKeepEverySettingThroughLaterCopies() {
        final TaskOptions<String> options = TaskOptions.<String>defaults()
                .withRetries(2, HUNDRED_MS)
                .withTimeout(Duration.ofSeconds(3))
                .withFallback("none")
                .withInterruptOnCancel()
                .retryOn(IOException.class)
                .withJitter(0.1)
                .withMaxBackoff(Duration.ofSeconds(1));

        assertThat(options.retries()).isEqualTo(2);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.fallback()).isEqualTo("none");
        assertThat(options.interruptOnCancel()).isTrue();
        assertThat(options.isRetryable(new IllegalStateException())).isFalse();
        assertThat(options.backoff(1)).isEqualTo(HUNDRED_MS);
    }

    @Test
    void shouldRefuseANegativeRetryCount() {
        assertThatThrownBy(() -> TaskOptions.defaults().withRetries(-1, HUNDRED_MS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retries must not be negative")
                .hasMessageContaining("-1");
    }

    @Test
    void shouldRefuseABackoffOrTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> TaskOptions.defaults().withRetries(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the first backoff must be positive");
        assertThatThrownBy(() -> TaskOptions.defaults().withMaxBackoff(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the max backoff must be positive");
        assertThatThrownBy(() -> TaskOptions.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the timeout must be positive");
        assertThatThrownBy(() -> TaskOptions.defaults().withTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the timeout");
    }

    @Test
    void shouldRefuseAJitterOutsideZeroToOne() {
        assertThatThrownBy(() -> TaskOptions.defaults().withJitter(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter must be between 0 and 1");
        assertThatThrownBy(() -> TaskOptions.defaults().withJitter(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> TaskOptions.defaults().withJitter(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
