package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Per-task timeouts and cancels, through {@link WorkflowTester}; every wait is bounded so a regression fails instead of hanging. */
class TimeoutAndCancelTest {

    /** Far longer than any test may take: a task sleeping this long must have been stopped. */
    private static final long LONG_SLEEP_MS = 20_000;
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** What a loaded build machine may add to a deadline before a test calls it late. */
    private static final long SLACK_MS = 1_500;

    @Test
    void shouldFailAnAttemptThatRunsPastItsTimeoutAndInterruptIt() throws Exception {
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();

        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("slow", TaskOptions.<String>defaults().withTimeout(TIMEOUT), () -> {
                    try {
                        Thread.sleep(LONG_SLEEP_MS);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return "late";
                });
            } catch (TaskFailedException e) {
                thrown.set(e);
                throw e;
            }
        }).run();
        final long tookMs = millisSince(startedAt);

        assertThat(tookMs).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
        assertThat(thrown.get()).isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(TaskTimeoutException.class);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).get().isInstanceOf(TaskTimeoutException.class)
                .extracting(Throwable::getMessage).asString().contains("slow").contains("300 ms");
        assertThat(result.artifact("Exception slow").description().data())
                .containsEntry("Error Type", TaskTimeoutException.class.getName());
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the timed-out attempt's thread was interrupted").isTrue();
    }

    @Test
    void shouldRetryAnAttemptThatTimedOutWhenRetriesRemain() {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<String> value = new AtomicReference<>();
        final CountDownLatch timedOutAttemptsInterrupted = new CountDownLatch(2);
        final AtomicBoolean interruptedWhileRunning = new AtomicBoolean();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                value.set(stream.step("slow at first", TaskOptions.<String>defaults().withTimeout(TIMEOUT)
                        .withRetries(2, Duration.ofMillis(10)), () -> {
                    if (calls.incrementAndGet() < 3) {
                        sleepRecordingInterrupt(timedOutAttemptsInterrupted);
                    }
                    return "attempt " + calls.get();
                }));
            }
            // Checked while the run still goes on: the timeout itself stops an attempt, not the end of the run.
            interruptedWhileRunning.set(timedOutAttemptsInterrupted.await(5, TimeUnit.SECONDS));
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).hasValue(3);
        assertThat(value.get()).isEqualTo("attempt 3");
        assertThat(interruptedWhileRunning).as("both timed-out attempts were interrupted at their timeout").isTrue();
        assertThat(result.meterRegistry().get("riberry.worker.task.retries").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldNotKeepTheCallerWaitingBeyondTheTimeoutForATaskThatIgnoresInterrupts() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch interruptIgnored = new CountDownLatch(1);
        try {
            final long startedAt = System.nanoTime();
            final WorkflowTester.Result result = WorkflowTester.of(context -> {
                try (StreamScope stream = context.stream("work")) {
                    stream.step("stubborn", TaskOptions.<String>defaults().withTimeout(TIMEOUT).withFallback("fallback"),
                            () -> awaitIgnoringInterrupts(release, interruptIgnored));
                }
            }).run();
            final long tookMs = millisSince(startedAt);

            assertThat(tookMs).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
            assertThat(result.succeeded()).isTrue();
            assertThat(result.artifact("Exception stubborn").description().data())
                    .containsEntry("Error Type", TaskTimeoutException.class.getName());
            assertThat(interruptIgnored.await(5, TimeUnit.SECONDS)).as("the attempt was interrupted, and ignored it").isTrue();
            assertThat(release.getCount()).as("the task is still running, yet its caller went on").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldInterruptASleepingTaskOnCancelWhenAskedTo() throws Exception {
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicInteger laterCalls = new AtomicInteger();

        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                try {
                    stream.step("nap", TaskOptions.<String>defaults().withInterruptOnCancel(), () -> sleepRecordingInterrupt(interrupted));
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                stream.step("after the nap", laterCalls::incrementAndGet);
            }
        }).cancelAfter(TIMEOUT).run();
        final long tookMs = millisSince(startedAt);

        assertThat(interrupted.await(0, TimeUnit.SECONDS)).as("the task was interrupted").isTrue();
        assertThat(tookMs).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(thrown.get()).isInstanceOf(ExecutionEndedException.class);
        assertThat(laterCalls).hasValue(0);
        // A cancel is the platform's doing: the worker reports no failure and leaves no artifact of its own.
        assertThat(result.failure()).isEmpty();
        assertThat(result.artifacts()).isEmpty();
    }

    @Test
    void shouldInterruptATimedTaskOnCancelWhenAskedTo() throws Exception {
        final CountDownLatch interrupted = new CountDownLatch(1);

        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                final TaskOptions<String> timedAndInterrupted = TaskOptions.<String>defaults()
                        .withTimeout(Duration.ofMillis(LONG_SLEEP_MS)).withInterruptOnCancel();
                stream.step("timed nap", timedAndInterrupted, () -> sleepRecordingInterrupt(interrupted));
            }
        }).cancelAfter(TIMEOUT).run();
        final long tookMs = millisSince(startedAt);

        assertThat(interrupted.await(0, TimeUnit.SECONDS)).as("the task was interrupted").isTrue();
        assertThat(tookMs).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
        assertThat(result.cancelled()).isTrue();
    }

    @Test
    void shouldLetATaskFinishOnCancelWhenNotAskedToInterruptIt() {
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicInteger laterCalls = new AtomicInteger();
        final long napMs = 1_000;

        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                try {
                    stream.step("nap", () -> {
                        try {
                            Thread.sleep(napMs);
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                        }
                        finished.set(true);
                        return "rested";
                    });
                } catch (ExecutionEndedException e) {
                    // Its value came after the cancel: of no use any more.
                }
                stream.step("after the nap", laterCalls::incrementAndGet);
            }
        }).cancelAfter(Duration.ofMillis(200)).run();
        final long tookMs = millisSince(startedAt);

        assertThat(interrupted).isFalse();
        assertThat(finished).isTrue();
        assertThat(tookMs).isGreaterThanOrEqualTo(napMs);
        assertThat(result.cancelled()).isTrue();
        assertThat(laterCalls).hasValue(0);
        assertThat(result.stepNames("work")).containsExactly("nap");
    }

    @Test
    void shouldInterruptRunningChainsOnCancelAndNotStartTheOthers() throws Exception {
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final List<ChainResult<String>> results = new ArrayList<>();
        final Map<String, Task<String>> chains = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            chains.put("chain-" + i, () -> {
                started.incrementAndGet();
                try {
                    Thread.sleep(LONG_SLEEP_MS);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
                return "rested";
            });
        }

        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("chains")) {
                results.addAll(stream.runChains(chains, TaskOptions.<String>defaults().withInterruptOnCancel()));
            }
        }).concurrency(2).cancelAfter(TIMEOUT).run();
        final long tookMs = millisSince(startedAt);

        assertThat(tookMs).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
        assertThat(result.cancelled()).isTrue();
        assertThat(started).hasValue(2);
        assertThat(interrupted).hasValue(2);
        assertThat(results).hasSize(6).allSatisfy(chain -> {
            assertThat(chain.status()).isEqualTo(ChainResult.Status.FAILURE);
            assertThat(chain.error()).isInstanceOf(ExecutionEndedException.class);
        });
    }

    private static String sleepRecordingInterrupt(final CountDownLatch interrupted) throws InterruptedException {
        try {
            Thread.sleep(LONG_SLEEP_MS);
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
        return "rested";
    }

    /** A task that swallows interrupts (as some blocking libraries do) and ends only when released, or after a long while. */
    private static String awaitIgnoringInterrupts(final CountDownLatch release, final CountDownLatch interruptIgnored) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LONG_SLEEP_MS);
        while (release.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                release.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interruptIgnored.countDown();
            }
        }
        return "released";
    }

    private static long millisSince(final long startedAt) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }
}
