package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The threads an execution runs on: its own chain pool, bounded by the concurrency, and the logging context on each of them. */
class ExecutionThreadsTest {

    private static final long CHAIN_MS = 1_000;

    @AfterEach
    void clearLoggingContext() {
        MDC.clear();
    }

    @Test
    void shouldRunAtMostConcurrencyChainsAtOnce() throws Exception {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Map<String, Task<Integer>> chains = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            final int id = i;
            chains.put("chain-" + i, () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(150);
                } finally {
                    running.decrementAndGet();
                }
                return id;
            });
        }
        final AtomicReference<List<ChainResult<Integer>>> results = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            try (StreamScope stream = context.stream("chains")) {
                results.set(stream.runChains(chains));
            }
        }).concurrency(2).run();

        assertThat(result.succeeded()).isTrue();
        assertThat(mostAtOnce).hasValue(2);
        assertThat(results.get()).extracting(ChainResult::value).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void shouldGiveEachExecutionItsOwnChainPool() throws Exception {
        // Each run may run one chain at a time; both chains wait for each other at the barrier,
        // so they can only both pass if the two executions do not share their chain threads.
        final CyclicBarrier bothRunning = new CyclicBarrier(2);
        final EntryPoint oneChain = context -> {
            try (StreamScope stream = context.stream("chains")) {
                final List<ChainResult<String>> results = stream.runChains(Map.of("meet", () -> {
                    bothRunning.await(5, TimeUnit.SECONDS);
                    Thread.sleep(CHAIN_MS);
                    return "met";
                }));
                if (!results.get(0).succeeded()) {
                    throw new IllegalStateException("the chain did not meet the other execution's", results.get(0).error());
                }
            }
        };
        final ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            final long startedAt = System.nanoTime();
            final Future<WorkflowTester.Result> first = callers.submit(() -> WorkflowTester.of(oneChain).concurrency(1).run());
            final Future<WorkflowTester.Result> second = callers.submit(() -> WorkflowTester.of(oneChain).concurrency(1).run());
            final WorkflowTester.Result firstResult = first.get(10, TimeUnit.SECONDS);
            final WorkflowTester.Result secondResult = second.get(10, TimeUnit.SECONDS);
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

            assertThat(firstResult.failure()).isEmpty();
            assertThat(secondResult.failure()).isEmpty();
            assertThat(firstResult.succeeded()).isTrue();
            assertThat(secondResult.succeeded()).isTrue();
            assertThat(tookMs).as("both chains ran side by side, not one after the other").isLessThan(CHAIN_MS * 18 / 10);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldRunChainsOnThreadsNamedAfterTheirExecution() throws Exception {
        final Map<String, String> threadOf = new ConcurrentHashMap<>();
        final AtomicReference<String> executionId = new AtomicReference<>();

        WorkflowTester.of(context -> {
            executionId.set(context.executionId());
            try (StreamScope stream = context.stream("chains")) {
                stream.runChains(Map.<String, Task<String>>of("a", () -> threadOf.put("a", Thread.currentThread().getName())));
            }
        }).run();

        assertThat(threadOf.get("a")).startsWith("riberry-chain-" + executionId.get().substring(0, 8) + "-");
    }

    @Test
    void shouldSetTheLoggingContextInTheEntryPointChainsAndTimedTasksAndClearItAfter() {
        final Map<String, String> seen = new ConcurrentHashMap<>();
        final AtomicReference<String> executionId = new AtomicReference<>();

        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            executionId.set(context.executionId());
            seen.put("entry point", MDC.get("riberry.execution"));
            seen.put("job", MDC.get("riberry.job"));
            seen.put("form", MDC.get("riberry.form"));
            try (StreamScope stream = context.stream("work")) {
                stream.runChains(Map.<String, Task<String>>of("chain", () -> seen.put("chain", MDC.get("riberry.execution"))));
                stream.step("timed", TaskOptions.<String>defaults().withTimeout(Duration.ofSeconds(5)),
                        () -> seen.put("timed task", MDC.get("riberry.execution")));
            }
        }).jobName("nightly").form("invoices").run();

        assertThat(result.succeeded()).isTrue();
        assertThat(executionId.get()).isNotBlank();
        assertThat(seen).containsEntry("entry point", executionId.get())
                .containsEntry("chain", executionId.get())
                .containsEntry("timed task", executionId.get())
                .containsEntry("job", "nightly")
                .containsEntry("form", "invoices");
        assertThat(MDC.get("riberry.execution")).isNull();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void shouldRestoreTheCallersOwnLoggingContextAfterTheRun() {
        MDC.put("request", "r-1");
        MDC.put("riberry.execution", "outer");
        final AtomicReference<String> inside = new AtomicReference<>();

        WorkflowTester.of(context -> inside.set(MDC.get("riberry.execution"))).run();

        assertThat(inside.get()).isNotEqualTo("outer");
        assertThat(MDC.get("riberry.execution")).isEqualTo("outer");
        assertThat(MDC.get("request")).isEqualTo("r-1");
    }

    @Test
    void shouldNotLeaveAChainsLoggingContextOnItsPoolThread() throws Exception {
        final Job job = new Job("e-0123456789", "j-1", "job", "form", 1, Map.of(), List.of());
        try (TaskThreads threads = new TaskThreads()) {
            final ExecutionRun run = new ExecutionRun(job, new SilentReporter(), new WorkerMetrics(new SimpleMeterRegistry(), "instance"),
                    threads, () -> 1, name -> Optional.empty());
            final AtomicReference<String> inChain = new AtomicReference<>();
            try (TrackedStream stream = new TrackedStream(run, "chains", "Overall")) {
                stream.runChains(Map.<String, Task<String>>of("first", () -> {
                    inChain.set(MDC.get("riberry.execution"));
                    return "done";
                }));
            }

            // The pool's only thread ran the chain; outside a chain it must hold no context.
            final String leftOver = run.chainPool().submit(() -> String.valueOf(MDC.get("riberry.execution"))).get(5, TimeUnit.SECONDS);

            assertThat(inChain.get()).isEqualTo("e-0123456789");
            assertThat(leftOver).isEqualTo("null");
            run.finished();
        }
    }

    /** Reports nowhere: for tests that drive a run directly. */
    private static final class SilentReporter implements ExecutionReporter {

        @Override
        public void started() {
        }

        @Override
        public void succeeded() {
        }

        @Override
        public void failed(final Throwable failure) {
        }

        @Override
        public void stream(final String stream, final String category, final TaskState state, final Integer expectedTotal) {
        }

        @Override
        public void step(final String stream, final String stepId, final String name, final TaskState state, final boolean fallenBack) {
        }

        @Override
        public void progress(final String message, final Integer percent) {
        }

        @Override
        public String artifact(final Artifact artifact, final InputStream content) throws IOException {
            return "artifact-" + content.readAllBytes().length;
        }
    }
}
