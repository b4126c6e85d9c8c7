package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Steps, fallbacks, chains and retries, run through {@link WorkflowTester} on the production run/stream/task code. */
class StepsAndChainsTest {

    private static final Duration SHORT_BACKOFF = Duration.ofMillis(5);

    @Test
    void shouldReportASucceedingStepAndItsStreamSuccess() {
        final AtomicReference<String> value = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work", "Loading")) {
                value.set(stream.step("load", () -> "loaded"));
            }
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.failure()).isEmpty();
        assertThat(value.get()).isEqualTo("loaded");
        assertThat(result.steps()).containsExactly(new WorkflowTester.StepRecord("work", "load", TaskState.SUCCESS));
        assertThat(result.stream("work")).isEqualTo(new WorkflowTester.StreamRecord("work", "Loading", TaskState.SUCCESS));
        assertThat(result.artifacts()).isEmpty();
    }

    @Test
    void shouldKeepTheErrorArtifactOfAStepWhoseNameNoFilenameMayHold() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("load a/b\u0007", () -> {
                    throw new IllegalStateException("broken");
                });
            }
        }).run();

        assertThat(result.artifacts()).hasSize(1);
        final Artifact error = result.artifacts().get(0).description();
        assertThat(error.name()).isEqualTo("Exception load a/b");
        assertThat(error.filename()).doesNotContain("/").doesNotContain("\u0007").endsWith(".log");
    }

    @Test
    void shouldEndTheExecutionFailureWithAFatalErrorArtifactWhenAStepFails() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("explode", () -> {
                    throw new IllegalStateException("the disk is full");
                });
            }
        }).run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.cancelled()).isFalse();
        assertThat(result.failure()).get().isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage).isEqualTo("the disk is full");
        assertThat(result.steps()).containsExactly(new WorkflowTester.StepRecord("work", "explode", TaskState.FAILURE));
        assertThat(result.artifacts()).hasSize(1);
        final WorkflowTester.ArtifactRecord error = result.artifact("Exception explode");
        assertThat(error.description().type()).isEqualTo(ArtifactType.ERROR);
        assertThat(error.description().category()).isEqualTo("Fatal");
        assertThat(error.description().data())
                .containsEntry("Error Type", IllegalStateException.class.getName())
                .containsEntry("Error Message", "the disk is full");
        assertThat(result.artifactText("Exception explode"))
                .startsWith("java.lang.IllegalStateException: the disk is full")
                .contains("at io.riberry.sdk.StepsAndChainsTest");
    }

    @Test
    void shouldSkipTheRemainingStepsOnceAStepFailed() {
        final AtomicInteger laterCalls = new AtomicInteger();
        final AtomicReference<Throwable> firstThrown = new AtomicReference<>();
        final AtomicReference<Throwable> laterThrown = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                try {
                    stream.step("explode", () -> {
                        throw new IllegalStateException("boom");
                    });
                } catch (TaskFailedException e) {
                    firstThrown.set(e);
                }
                assertThat(context.isEnded()).isTrue();
                try {
                    stream.step("later", laterCalls::incrementAndGet);
                } catch (ExecutionEndedException e) {
                    laterThrown.set(e);
                }
            }
        }).run();

        assertThat(result.succeeded()).isFalse();
        assertThat(firstThrown.get()).isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("explode");
        assertThat(laterThrown.get()).isInstanceOf(ExecutionEndedException.class);
        assertThat(laterCalls).hasValue(0);
        assertThat(result.stepNames("work")).containsExactly("explode");
        // The execution failed because of the step, not because of what the entry point did afterwards.
        assertThat(result.failure()).get().extracting(Throwable::getMessage).isEqualTo("boom");
        assertThat(result.artifacts()).extracting(artifact -> artifact.description().name()).containsExactly("Exception explode");
    }

    @Test
    void shouldRecordAnEntryPointFailureAsAFatalArtifactNamedByTheForm() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            throw new IllegalArgumentException("no such customer");
        }).form("invoices").run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).get().isInstanceOf(IllegalArgumentException.class);
        final WorkflowTester.ArtifactRecord error = result.artifact("Exception invoices");
        assertThat(error.description().category()).isEqualTo("Fatal");
        assertThat(error.description().data()).containsEntry("Error Message", "no such customer");
    }

    @Test
    void shouldUseTheFallbackAndLeaveAnInterceptedArtifactWhenAStepFails() {
        final AtomicReference<Integer> value = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                value.set(stream.step("score", TaskOptions.<Integer>defaults().withFallback(-1), () -> {
                    throw new IllegalStateException("no history");
                }));
                stream.step("after", () -> "still runs");
            }
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(value.get()).isEqualTo(-1);
        assertThat(result.steps()).containsExactly(
                new WorkflowTester.StepRecord("work", "score", TaskState.FAILURE, true),
                new WorkflowTester.StepRecord("work", "after", TaskState.SUCCESS));
        assertThat(result.stream("work").state()).as("the step fell back: the scope completed").isEqualTo(TaskState.SUCCESS);
        final WorkflowTester.ArtifactRecord error = result.artifact("Exception score");
        assertThat(error.description().category()).isEqualTo("Intercepted");
        assertThat(error.description().data()).containsEntry("Error Message", "no history");
        assertThat(result.artifactText("Exception score")).contains("IllegalStateException: no history");
    }

    @Test
    void shouldAllowANullFallback() {
        final AtomicReference<String> value = new AtomicReference<>("not set");

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                value.set(stream.step("lookup", TaskOptions.<String>defaults().withFallback(null), () -> {
                    throw new IllegalStateException("not found");
                }));
            }
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(value.get()).isNull();
        assertThat(result.artifact("Exception lookup").description().category()).isEqualTo("Intercepted");
    }

    @Test
    void shouldTellEachChainSucceededOrFellBackWithItsError() throws Exception {
        final List<ChainResult<Integer>> results = new ArrayList<>();
        final Map<String, Task<Integer>> chains = new LinkedHashMap<>();
        chains.put("one", () -> 1);
        chains.put("two", () -> {
            throw new IllegalStateException("two has no data");
        });
        chains.put("three", () -> 3);

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("chains")) {
                results.addAll(stream.runChains(chains, TaskOptions.<Integer>defaults().withFallback(0)));
            }
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(results).extracting(ChainResult::name).containsExactly("one", "two", "three");
        assertThat(results).extracting(ChainResult::status)
                .containsExactly(ChainResult.Status.SUCCESS, ChainResult.Status.FALLBACK, ChainResult.Status.SUCCESS);
        assertThat(results).extracting(ChainResult::value).containsExactly(1, 0, 3);
        assertThat(results.get(0).error()).isNull();
        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(1).error()).isInstanceOf(IllegalStateException.class).hasMessage("two has no data");
        assertThat(results.get(1).fellBack()).isTrue();
        assertThat(results.get(1).succeeded()).isFalse();
        assertThat(result.steps()).containsExactly(
                new WorkflowTester.StepRecord("chains", "one", TaskState.SUCCESS),
                new WorkflowTester.StepRecord("chains", "two", TaskState.FAILURE, true),
                new WorkflowTester.StepRecord("chains", "three", TaskState.SUCCESS));
        assertThat(result.artifact("Exception two").description().category()).isEqualTo("Intercepted");
        assertThat(result.stream("chains").state()).as("every chain completed, two by its fallback").isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void shouldDeclareAStreamsExpectedTotalWhenOpenedOrLater() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope customers = context.stream("customers", 3)) {
                customers.step("one", () -> 1);
            }
            try (StreamScope orders = context.stream("orders", "Billing")) {
                orders.expect(2).step("first", () -> 1);
                orders.expect(5);
            }
            try (StreamScope open = context.stream("open")) {
                open.step("x", () -> 1);
            }
        }).run();

        assertThat(result.stream("customers")).isEqualTo(new WorkflowTester.StreamRecord("customers", "Overall", TaskState.SUCCESS, 3));
        assertThat(result.stream("orders").expectedTotal()).as("corrected while it ran").isEqualTo(5);
        assertThat(result.stream("open").expectedTotal()).as("declared nothing").isNull();
    }

    @Test
    void shouldRefuseANegativeExpectedTotal() {
        final AtomicReference<Throwable> refused = new AtomicReference<>();
        WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("s")) {
                stream.expect(-1);
            } catch (IllegalArgumentException e) {
                refused.set(e);
            }
        }).run();

        assertThat(refused.get()).hasMessage("a stream expects 0 or more steps, not -1");
    }

    @Test
    void shouldEndAStreamFailureWithItsExecutionWhenAStepFailsWithoutFallback() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("explode", () -> {
                    throw new IllegalStateException("boom");
                });
            }
        }).run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stream("work").state()).as("the SDK reports nothing once the execution ended; the platform closes it FAILURE")
                .isEqualTo(TaskState.ACTIVE);
    }

    @Test
    void shouldEndTheExecutionAndNotStartLaterChainsWhenAChainFailsWithoutFallback() throws Exception {
        final List<ChainResult<String>> results = new ArrayList<>();
        final AtomicInteger laterCalls = new AtomicInteger();
        final Map<String, Task<String>> chains = new LinkedHashMap<>();
        chains.put("fails", () -> {
            throw new IllegalStateException("chain failed");
        });
        for (int i = 1; i <= 5; i++) {
            chains.put("later-" + i, () -> {
                laterCalls.incrementAndGet();
                return "ran";
            });
        }

        // One chain at a time, so the failing one ends the execution before any other starts.
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("chains")) {
                results.addAll(stream.runChains(chains));
            }
        }).concurrency(1).run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).get().extracting(Throwable::getMessage).isEqualTo("chain failed");
        assertThat(results).hasSize(6);
        assertThat(results.get(0).status()).isEqualTo(ChainResult.Status.FAILURE);
        assertThat(results.get(0).value()).isNull();
        assertThat(results.get(0).error()).isInstanceOf(IllegalStateException.class).hasMessage("chain failed");
        assertThat(results.subList(1, 6)).allSatisfy(later -> {
            assertThat(later.status()).isEqualTo(ChainResult.Status.FAILURE);
            assertThat(later.error()).isInstanceOf(ExecutionEndedException.class);
        });
        assertThat(laterCalls).hasValue(0);
        assertThat(result.artifact("Exception fails").description().category()).isEqualTo("Fatal");
        assertThat(result.steps()).filteredOn(step -> step.name().startsWith("later-"))
                .extracting(WorkflowTester.StepRecord::state).containsOnly(TaskState.QUEUED);
    }

    @Test
    void shouldCallAFailingTaskOncePlusItsRetries() {
        final AtomicInteger calls = new AtomicInteger();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("flaky", TaskOptions.<String>defaults().withRetries(3, SHORT_BACKOFF).withFallback("gave up"), () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("attempt " + calls.get());
                });
            }
        }).run();

        assertThat(calls).hasValue(4);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.artifact("Exception flaky").description().data()).containsEntry("Error Message", "attempt 4");
    }

    @Test
    void shouldStopRetryingOnceAnAttemptSucceeds() {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<String> value = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                value.set(stream.step("flaky", TaskOptions.<String>defaults().withRetries(5, SHORT_BACKOFF), () -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    return "third time";
                }));
            }
        }).run();

        assertThat(calls).hasValue(3);
        assertThat(value.get()).isEqualTo("third time");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps()).containsExactly(new WorkflowTester.StepRecord("work", "flaky", TaskState.SUCCESS));
        assertThat(result.artifacts()).isEmpty();
    }

    @Test
    void shouldNotRetryAFailureExcludedFromRetries() {
        final AtomicInteger calls = new AtomicInteger();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("validate", TaskOptions.<String>defaults().withRetries(3, SHORT_BACKOFF)
                        .doNotRetryOn(IllegalArgumentException.class), () -> {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("bad input");
                });
            }
        }).run();

        assertThat(calls).hasValue(1);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void shouldRetryEachChainByItself() throws Exception {
        final Map<String, AtomicInteger> calls = new LinkedHashMap<>();
        final Map<String, Task<String>> chains = new LinkedHashMap<>();
        for (String name : List.of("a", "b", "c")) {
            final AtomicInteger count = new AtomicInteger();
            calls.put(name, count);
            chains.put(name, () -> {
                count.incrementAndGet();
                throw new IllegalStateException(name + " fails");
            });
        }

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("chains")) {
                stream.runChains(chains, TaskOptions.<String>defaults().withRetries(2, SHORT_BACKOFF).withFallback(null));
            }
        }).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(calls.values()).extracting(AtomicInteger::get).containsExactly(3, 3, 3);
    }

    @Test
    void shouldCountRetriesFallbacksFailuresAndExecutionsInTheRunsRegistry() {
        final AtomicInteger calls = new AtomicInteger();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("work")) {
                stream.step("flaky", TaskOptions.<String>defaults().withRetries(2, SHORT_BACKOFF).withFallback("none"), () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("never works");
                });
                stream.step("fine", () -> "ok");
                stream.step("fatal", () -> {
                    throw new IllegalStateException("fatal");
                });
            }
        }).form("metrics-form").run();

        assertThat(calls).hasValue(3);
        final var registry = result.meterRegistry();
        assertThat(registry.get("riberry.worker.task.retries").tag("form", "metrics-form").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("riberry.worker.task.fallbacks").tag("form", "metrics-form").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("riberry.worker.task.failures").tag("form", "metrics-form").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("riberry.worker.task.duration").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("riberry.worker.executions").tag("form", "metrics-form").tag("outcome", "failure").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find("riberry.worker.executions").tag("outcome", "success").counter()).isNull();
    }

    @Test
    void shouldCountASucceededExecution() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> context.progress("done", 100)).run();

        assertThat(result.meterRegistry().get("riberry.worker.executions").tag("outcome", "success").counter().count()).isEqualTo(1.0);
        assertThat(result.meterRegistry().find("riberry.worker.task.retries").counter()).isNull();
        assertThat(result.progress()).containsExactly(new WorkflowTester.Progress("done", 100));
    }

    @Test
    void shouldRefuseAProgressPercentOutsideZeroToHundred() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> context.progress("too far", 101)).run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).get().isInstanceOf(IllegalArgumentException.class)
                .extracting(Throwable::getMessage).asString().contains("101");
        assertThat(result.progress()).isEmpty();
    }

    @Test
    void shouldNameTheStreamsThatWereOpenedWhenAskedForAnother() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> context.stream("opened").close()).run();

        assertThatThrownBy(() -> result.stream("missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("opened");
    }
}
