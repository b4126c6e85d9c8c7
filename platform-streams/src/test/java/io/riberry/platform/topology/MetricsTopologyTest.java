package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.riberry.platform.metrics.RiberryMetrics;
import io.riberry.platform.store.ExecutionCountKeys;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the processors report as they apply changes: timers, anomalies, dead letters, and the per-task execution counts. */
class MetricsTopologyTest {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private PlatformDriver platform;

    @BeforeEach
    void startDriver() {
        platform = new PlatformDriver(stateDir, START, RiberryMetrics.on(registry));
    }

    @AfterEach
    void closeDriver() {
        platform.close();
    }

    @Test
    void shouldTimeAnExecutionFromCreationToStartAndFromStartToItsEnd() {
        final String executionId = platform.dispatchedJob("job-1");
        platform.events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(2)));
        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(7)));

        final Timer toActive = registry.get("riberry.execution.time.to.active").tag("form", "hello").timer();
        assertThat(toActive.count()).isEqualTo(1);
        // Created when intake decided the job, at the driver's wall clock START; started by the worker 2 s later.
        assertThat(toActive.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        final Timer run = registry.get("riberry.execution.run").tags("form", "hello", "status", "SUCCESS").timer();
        assertThat(run.count()).isEqualTo(1);
        assertThat(run.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
    }

    @Test
    void shouldCountExecutionsPerFormAndStatusAsTheyMove() {
        final String succeeded = platform.activeJob("job-1", START.plusSeconds(1));
        platform.events.pipeInput(succeeded, Events.succeeded(succeeded, 1, START.plusSeconds(2)));
        platform.executions.readValuesToList();
        platform.activeJob("job-2", START.plusSeconds(1));
        platform.dispatchedJob("job-3");

        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ExecutionCountKeys.key("hello", ExecutionStatus.SUCCESS), 1L,
                ExecutionCountKeys.key("hello", ExecutionStatus.ACTIVE), 1L,
                ExecutionCountKeys.key("hello", ExecutionStatus.READY), 1L));
    }

    @Test
    void shouldNotTimeTheRunOfAnExecutionThatEndedBeforeItStarted() {
        final String cancelled = platform.dispatchedJob("job-1");
        platform.commands.pipeInput(cancelled, ExecutionCommand.newBuilder().setCommandId("c-1").setExecutionId(cancelled)
                .setType(ExecutionCommandType.CANCEL).setRequestedBy("ops").setRequestedAt(START.plusSeconds(1)).build());

        assertThat(platform.execution(cancelled).getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(registry.find("riberry.execution.run").timers()).isEmpty();
        assertThat(registry.find("riberry.execution.time.to.active").timers()).isEmpty();
        assertThat(counts()).containsExactlyEntriesOf(Map.of(ExecutionCountKeys.key("hello", ExecutionStatus.FAILURE), 1L));
    }

    @Test
    void shouldCountAnomaliesByChangeAndReason() {
        final String executionId = platform.activeJob("job-1", START.plusSeconds(1));
        platform.events.pipeInput(executionId, Events.started(executionId, 2, START.plusSeconds(2)));
        platform.events.pipeInput(executionId, Events.started(executionId, 2, START.plusSeconds(3)));
        platform.events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(4)));

        assertThat(anomalies("ExecutionStarted", "stale_attempt")).isEqualTo(2);
        assertThat(anomalies("ExecutionStarted", "wrong_status")).isEqualTo(1);
        assertThat(platform.execution(executionId).getAnomalyCount()).isEqualTo(3);
    }

    @Test
    void shouldCountDeadLettersByReason() {
        platform.rawJobInputs.pipeInput("bad", new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
        platform.events.pipeInput("ghost", Events.started("ghost", 1, START));
        platform.jobInputs.pipeInput("no-id", Events.job(" ", "hello", Map.of("name", "Ada")));

        assertThat(platform.deadLetters.readValuesToList()).hasSize(3);
        assertThat(registry.get("riberry.dead.letters").tag("reason", "undecodable").counter().count()).isEqualTo(1);
        assertThat(registry.get("riberry.dead.letters").tag("reason", "unknown_execution").counter().count()).isEqualTo(1);
        assertThat(registry.get("riberry.dead.letters").tag("reason", "refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("riberry.dead.letters").tag("reason", "processing_error").counter().count()).isZero();
    }

    @Test
    void shouldCountWhatATaskAlreadyHeldWhenItsCountsAreNew() {
        final String succeeded = platform.activeJob("job-1", START.plusSeconds(1));
        platform.events.pipeInput(succeeded, Events.succeeded(succeeded, 1, START.plusSeconds(2)));
        platform.executions.readValuesToList();
        final String ready = platform.dispatchedJob("job-2");
        // As a store written before counts were kept: executions, and no counts at all.
        final KeyValueStore<String, Long> store = platform.executionCountStore();
        counts().keySet().forEach(store::delete);
        store.delete(ExecutionCountKeys.COUNTED);

        platform.events.pipeInput(ready, Events.started(ready, 1, START.plusSeconds(3)));

        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ExecutionCountKeys.key("hello", ExecutionStatus.SUCCESS), 1L,
                ExecutionCountKeys.key("hello", ExecutionStatus.ACTIVE), 1L));
    }

    private double anomalies(final String change, final String reason) {
        final Counter counter = registry.find("riberry.anomalies").tags("change", change, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The count store without its marker. */
    private Map<String, Long> counts() {
        final Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Long> all = platform.executionCountStore().all()) {
            all.forEachRemaining(entry -> {
                if (!entry.key.equals(ExecutionCountKeys.COUNTED)) {
                    counts.put(entry.key, entry.value);
                }
            });
        }
        return counts;
    }
}
