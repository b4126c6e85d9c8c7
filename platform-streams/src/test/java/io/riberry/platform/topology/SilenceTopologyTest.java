package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.liveness.ClockTicks;
import io.riberry.platform.processor.InstanceProcessor;
import io.riberry.platform.store.InstanceKeys;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silence is judged only on heartbeats the platform could have read: against the latest platform
 * clock tick the instance task has read, never against the wall clock. A task that falls behind
 * (overload, a paused thread) judges no one; a worker that really stops is still judged within
 * the timeout plus one tick, for an instance (OFFLINE) as for one process (WorkerLost).
 */
class SilenceTopologyTest {

    /** A Friday, 12:00 UTC. */
    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");
    private static final String OTHER_PROCESS = "p-2";

    @TempDir
    Path stateDir;

    private PlatformDriver platform;

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldJudgeNoOneSilentWhileTheHeartbeatsWaitUnreadBehindABacklog() {
        platform = new PlatformDriver(stateDir, START);
        final String executionId = platform.activeJob("through-a-backlog", START);

        // The task falls a minute behind: the wall clock runs, and neither the worker's heartbeats nor the ticks are read.
        platform.advanceWallClock(Duration.ofMinutes(1));

        assertThat(platform.instances.isEmpty()).as("no one is judged on heartbeats still unread").isTrue();
        assertThat(instance().getStatus()).isEqualTo(InstanceStatus.ONLINE);
        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.ACTIVE);

        // The backlog is read: the heartbeats of that minute, in order with the ticks of that minute.
        for (int second = 1; second <= 60; second++) {
            platform.heartbeat(START.plusSeconds(second));
            platform.clockTick(START.plusSeconds(second));
        }

        assertThat(platform.instances.isEmpty()).as("the worker never stopped").isTrue();
        assertThat(platform.executions.readValuesToList()).extracting(ExecutionState::getStatus).doesNotContain(ExecutionStatus.FAILURE);
        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.ACTIVE);
    }

    @Test
    void shouldGoOfflineOnceTheTicksReadShowTheHeartbeatsStoppedForTheTimeout() {
        platform = new PlatformDriver(stateDir, START);
        final String executionId = platform.activeJob("worker-stops", START);

        for (int second = 1; second <= 10; second++) {
            platform.passTime(Duration.ofSeconds(1));
        }
        assertThat(instance().getStatus()).as("silent for the timeout, not past it").isEqualTo(InstanceStatus.ONLINE);
        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.ACTIVE);

        platform.passTime(Duration.ofSeconds(1));

        assertThat(platform.instances.readValuesToList()).extracting(InstanceState::getStatus).containsExactly(InstanceStatus.OFFLINE);
        final ExecutionState failed = platform.execution(executionId);
        assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(failed.getError().getType()).isEqualTo(InstanceProcessor.INSTANCE_OFFLINE);
        assertThat(failed.getError().getMessage()).isEqualTo("instance demo-local went offline: no heartbeat since " + START);
    }

    @Test
    void shouldCountAProcessLostOnlyOnTicksReadAfterItsHeartbeats() {
        platform = new PlatformDriver(stateDir, START);
        final String onOther = platform.dispatchedJob("on-the-other-process");
        platform.events.pipeInput(onOther, Events.event(onOther, 1, Catalogs.INSTANCE, START, new ExecutionStarted(OTHER_PROCESS)));
        otherProcessHeartbeat(START);
        platform.executions.readValuesToList();

        // Behind by a minute: neither process is heard, and neither is judged.
        platform.advanceWallClock(Duration.ofMinutes(1));
        assertThat(platform.execution(onOther).getStatus()).isEqualTo(ExecutionStatus.ACTIVE);

        // The backlog: both processes heartbeated all along.
        for (int second = 1; second <= 60; second++) {
            platform.heartbeat(START.plusSeconds(second));
            otherProcessHeartbeat(START.plusSeconds(second));
            platform.clockTick(START.plusSeconds(second));
        }
        assertThat(platform.execution(onOther).getStatus()).as("its process never stopped").isEqualTo(ExecutionStatus.ACTIVE);

        // Caught up, and p-2 stops while p-1 goes on.
        for (int second = 61; second <= 70; second++) {
            platform.advanceWallClock(Duration.ofSeconds(1));
            platform.heartbeat(platform.now());
            platform.clockTick();
        }
        assertThat(platform.execution(onOther).getStatus()).as("silent for the timeout, not past it").isEqualTo(ExecutionStatus.ACTIVE);
        platform.advanceWallClock(Duration.ofSeconds(1));
        platform.heartbeat(platform.now());
        platform.clockTick();

        final ExecutionState lost = platform.execution(onOther);
        assertThat(lost.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(lost.getError().getType()).isEqualTo(InstanceProcessor.WORKER_LOST);
        assertThat(lost.getError().getMessage()).isEqualTo("worker process p-2 of instance demo-local stopped sending heartbeats after "
                + START.plusSeconds(60));
        assertThat(instance().getStatus()).isEqualTo(InstanceStatus.ONLINE);
    }

    @Test
    void shouldNeverTakeAClockTickForAnInstanceOrAProcess() {
        platform = new PlatformDriver(stateDir, START);
        platform.instances.readValuesToList();

        for (int second = 1; second <= 5; second++) {
            platform.heartbeat(START.plusSeconds(second));
            platform.passTime(Duration.ofSeconds(1));
        }

        assertThat(keys(platform.instanceStore().all())).containsExactly(Catalogs.INSTANCE);
        assertThat(keys(platform.processStore().all())).containsExactly(InstanceKeys.key(Catalogs.INSTANCE, Events.PROCESS));
        assertThat(platform.instances.isEmpty()).as("no instance published for a tick").isTrue();
        assertThat(platform.deadLetters.isEmpty()).as("a tick is no bad record").isTrue();
    }

    @Test
    void shouldTakeATickStampedInTheFutureAsNow() {
        platform = new PlatformDriver(stateDir, START);
        final String executionId = platform.activeJob("under-a-forged-clock", START);

        // A replica whose clock runs an hour ahead, or a forged tick: it counts as this replica's now.
        platform.clockTick(START.plus(Duration.ofHours(1)));
        platform.advanceWallClock(Duration.ofSeconds(5));

        assertThat(platform.instances.isEmpty()).isTrue();
        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.ACTIVE);

        platform.passTime(Duration.ofSeconds(6));
        assertThat(instance().getStatus()).as("real ticks still judge").isEqualTo(InstanceStatus.OFFLINE);
    }

    private void otherProcessHeartbeat(final Instant sentAt) {
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat(OTHER_PROCESS, sentAt, List.of("hello"), false));
    }

    private InstanceState instance() {
        return platform.instanceStore().get(Catalogs.INSTANCE);
    }

    private static <V> List<String> keys(final KeyValueIterator<String, V> all) {
        final List<String> keys = new ArrayList<>();
        try (all) {
            all.forEachRemaining((KeyValue<String, V> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
