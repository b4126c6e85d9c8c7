package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.processor.InstanceProcessor;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.ArtifactManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance task with the wall clock advanced: liveness (CREATED, ONLINE, OFFLINE, INACTIVE),
 * the dispatch rules (order, {@code limit}, {@code accept}), dynamic parameters from schedules,
 * and failing what an instance had in flight when it goes offline. Silence is judged against the clock ticks
 * read ({@code passTime} moves the wall clock and pipes a tick; {@code advanceWallClock} alone is a lagging platform).
 */
class InstanceTopologyTest {

    /** A Friday, 12:00 UTC. */
    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");
    private static final String SCHEDULE_PREFIX = "instance-schedule:" + Catalogs.INSTANCE + ":";

    @TempDir
    Path stateDir;

    private PlatformDriver platform;

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldGoOfflineAfterTheTimeoutWithoutAnyHeartbeatAndComeBackOnline() {
        platform = new PlatformDriver(stateDir, START, false);
        platform.heartbeat(START);
        assertThat(statuses()).containsExactly(InstanceStatus.ONLINE);

        platform.passTime(Duration.ofSeconds(5));
        platform.heartbeat(START.plusSeconds(5));
        platform.passTime(Duration.ofSeconds(9));
        assertThat(statuses()).as("a heartbeat within the timeout keeps it online").isEmpty();

        platform.passTime(Duration.ofSeconds(3));
        final List<InstanceState> offline = platform.instances.readValuesToList();
        assertThat(offline).extracting(InstanceState::getStatus).containsExactly(InstanceStatus.OFFLINE);
        assertThat(offline.get(0).getLastHeartbeatAt()).isEqualTo(START.plusSeconds(5));

        platform.heartbeat(START.plusSeconds(20));
        assertThat(statuses()).containsExactly(InstanceStatus.ONLINE);
        assertThat(platform.instanceStore().get(Catalogs.INSTANCE).getStatus()).isEqualTo(InstanceStatus.ONLINE);
    }

    @Test
    void shouldPublishADeclaredInstanceAsCreatedAndNotBringItOnlineWithAStaleHeartbeat() {
        platform = new PlatformDriver(stateDir, START, false);
        platform.advanceWallClock(Duration.ofSeconds(1));
        assertThat(statuses()).as("declared in the catalog, never seen").containsExactly(InstanceStatus.CREATED);

        platform.passTime(Duration.ofMinutes(1));
        platform.heartbeat(START);

        assertThat(statuses()).isEmpty();
        assertThat(platform.instanceStore().get(Catalogs.INSTANCE).getStatus()).isEqualTo(InstanceStatus.CREATED);
    }

    @Test
    void shouldFailAnOfflineInstancesActiveExecutionWithAnErrorArtifactAndRefuseItsLateReports() {
        platform = new PlatformDriver(stateDir, START);
        final String executionId = platform.activeJob("job-offline", START.plusSeconds(1));

        platform.passTime(Duration.ofSeconds(12));

        final ExecutionState failed = platform.execution(executionId);
        assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(failed.getError().getType()).isEqualTo(InstanceProcessor.INSTANCE_OFFLINE);
        assertThat(failed.getError().getMessage()).startsWith("instance demo-local went offline: no heartbeat since");
        final ArtifactManifest artifact = artifactOf(executionId);
        assertThat(artifact.getArtifact().getName()).isEqualTo("Exception InstanceOffline");
        assertThat(artifact.getArtifact().getCategory()).isEqualTo("Fatal");
        assertThat(ArtifactStatuses.isComplete(platform.artifactStore().get(artifact.getArtifactId()))).isTrue();
        assertThat(instance().getActiveCount()).as("the failure released its slot").isZero();

        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(13)));

        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already FAILURE");
    }

    @Test
    void shouldFailTheActiveExecutionOfASilentProcessWhileAnotherKeepsTheInstanceOnline() {
        platform = new PlatformDriver(stateDir, START);
        final String onSurvivor = platform.activeJob("on-the-survivor", START.plusSeconds(1));
        final String onLost = platform.dispatchedJob("on-the-lost-process");
        platform.events.pipeInput(onLost, Events.event(onLost, 1, Catalogs.INSTANCE, START.plusSeconds(1), new ExecutionStarted("p-2")));
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-2", START, List.of("hello"), false));
        platform.executions.readValuesToList();
        assertThat(platform.execution(onLost).getProcessId()).isEqualTo("p-2");

        // p-1 keeps sending heartbeats; p-2 is silent from START on.
        for (int second = 1; second <= 12; second++) {
            platform.advanceWallClock(Duration.ofSeconds(1));
            platform.heartbeat(platform.now());
            platform.clockTick();
        }

        final ExecutionState lost = platform.execution(onLost);
        assertThat(lost.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(lost.getError().getType()).isEqualTo(InstanceProcessor.WORKER_LOST);
        assertThat(lost.getError().getMessage()).isEqualTo("worker process p-2 of instance demo-local stopped sending heartbeats after " + START);
        assertThat(artifactOf(onLost).getArtifact().getName()).isEqualTo("Exception WorkerLost");
        assertThat(platform.execution(onSurvivor).getStatus()).as("its process is alive").isEqualTo(ExecutionStatus.ACTIVE);
        assertThat(instance().getStatus()).isEqualTo(InstanceStatus.ONLINE);
        assertThat(instance().getActiveCount()).isEqualTo(1);
        assertThat(platform.execution(onLost).getAnomalies()).as("failed once, not on every tick").isEmpty();
    }

    @Test
    void shouldSendNoNewWorkToAnInstanceWhoseOnlyProcessIsClosingButLetItsRunningWorkFinish() {
        platform = new PlatformDriver(stateDir, START);
        final String running = platform.activeJob("running-while-closing", START.plusSeconds(1));
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat(Events.PROCESS, START.plusSeconds(2), List.of("hello"), true));

        submit("after-the-goodbye", 64);

        assertThat(platform.execution(ExecutionIds.of("after-the-goodbye", 1)).getStatus()).isEqualTo(ExecutionStatus.RECEIVED);
        assertThat(platform.dispatches.isEmpty()).isTrue();
        platform.events.pipeInput(running, Events.succeeded(running, 1, START.plusSeconds(3)));
        assertThat(platform.execution(running).getStatus()).as("what it ran may still finish").isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(platform.dispatches.isEmpty()).as("a freed slot is no reason to send it work").isTrue();

        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-new", START.plusSeconds(4), List.of("hello"), false));

        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("after-the-goodbye");
    }

    @Test
    void shouldKeepAReceivedExecutionWhileTheInstanceIsOfflineAndDispatchItWhenItIsBack() {
        platform = new PlatformDriver(stateDir, START);
        platform.passTime(Duration.ofSeconds(12));
        assertThat(instance().getStatus()).isEqualTo(InstanceStatus.OFFLINE);

        submit("job-waits", 64);
        assertThat(platform.execution(ExecutionIds.of("job-waits", 1)).getStatus()).isEqualTo(ExecutionStatus.RECEIVED);
        assertThat(platform.dispatches.isEmpty()).isTrue();
        assertThat(instance().getQueuedCount()).isEqualTo(1);

        platform.heartbeat(START.plusSeconds(12));

        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("job-waits");
        assertThat(platform.execution(ExecutionIds.of("job-waits", 1)).getStatus()).isEqualTo(ExecutionStatus.READY);
        assertThat(instance().getQueuedCount()).isZero();
        assertThat(instance().getReadyCount()).isEqualTo(1);
    }

    @Test
    void shouldHoldWorkBackWhileAcceptIsNThenDispatchByPriorityThenAgeThenIdWithinTheLimit() {
        platform = new PlatformDriver(stateDir, START);
        schedule("no-accept", "accept", "N", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();
        submit("low-old", 10);
        tick();
        submit("high-old", 200);
        tick();
        submit("low-new", 10);
        submit("high-new-b", 200);
        submit("high-new-a", 200);
        tick();
        assertThat(platform.dispatches.isEmpty()).as("accept = N holds every execution back").isTrue();
        assertThat(instance().getStatus()).as("not accepting is not inactive").isEqualTo(InstanceStatus.ONLINE);
        assertThat(instance().getQueuedCount()).isEqualTo(5);

        platform.catalog(SCHEDULE_PREFIX + "no-accept", null);
        schedule("one-at-a-time", "limit", "1", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();

        final List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final List<ExecutionDispatched> dispatched = platform.dispatches.readValuesToList();
            assertThat(dispatched).as("limit 1: one at a time").hasSize(1);
            final ExecutionDispatched next = dispatched.get(0);
            order.add(next.getJobId());
            assertThat(instance().getReadyCount() + instance().getActiveCount()).isEqualTo(1);
            platform.events.pipeInput(next.getExecutionId(), Events.started(next.getExecutionId(), 1, START.plusSeconds(10)));
            platform.events.pipeInput(next.getExecutionId(), Events.succeeded(next.getExecutionId(), 1, START.plusSeconds(11)));
        }
        final String a = ExecutionIds.of("high-new-a", 1);
        final String b = ExecutionIds.of("high-new-b", 1);
        final List<String> sameAgeByExecutionId = a.compareTo(b) < 0 ? List.of("high-new-a", "high-new-b") : List.of("high-new-b", "high-new-a");
        assertThat(order).containsExactly("high-old", sameAgeByExecutionId.get(0), sameAgeByExecutionId.get(1), "low-old", "low-new");
        assertThat(platform.dispatches.isEmpty()).isTrue();
        assertThat(instance().getQueuedCount()).isZero();
    }

    @Test
    void shouldNeverHaveMoreThanTheLimitReadyOrActive() {
        platform = new PlatformDriver(stateDir, START);
        schedule("three", "limit", "3", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();
        for (int i = 0; i < 10; i++) {
            submit("limited-" + i, 64);
        }
        List<ExecutionDispatched> dispatched = platform.dispatches.readValuesToList();
        assertThat(dispatched).hasSize(3);
        assertThat(instance().getQueuedCount()).isEqualTo(7);
        dispatched.forEach(d -> platform.events.pipeInput(d.getExecutionId(), Events.started(d.getExecutionId(), 1, START.plusSeconds(1))));
        assertThat(instance().getActiveCount()).isEqualTo(3);
        assertThat(instance().getReadyCount()).isZero();
        assertThat(platform.dispatches.isEmpty()).as("ACTIVE counts against the limit as READY does").isTrue();

        final String first = dispatched.get(0).getExecutionId();
        platform.events.pipeInput(first, Events.succeeded(first, 1, START.plusSeconds(2)));

        dispatched = platform.dispatches.readValuesToList();
        assertThat(dispatched).as("one finished, one more goes").hasSize(1);
        assertThat(instance().getActiveCount()).isEqualTo(2);
        assertThat(instance().getReadyCount()).isEqualTo(1);
        assertThat(instance().getQueuedCount()).isEqualTo(6);
    }

    @Test
    void shouldTakeACancelledExecutionOutOfTheQueue() {
        platform = new PlatformDriver(stateDir, START);
        schedule("closed", "accept", "N", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();
        submit("cancelled-while-queued", 64);
        submit("still-queued", 64);
        final String cancelled = ExecutionIds.of("cancelled-while-queued", 1);
        assertThat(instance().getQueuedCount()).isEqualTo(2);

        platform.commands.pipeInput(cancelled, io.riberry.schema.ExecutionCommand.newBuilder().setCommandId("c-1").setExecutionId(cancelled)
                .setType(io.riberry.schema.ExecutionCommandType.CANCEL).setRequestedBy("ops").setRequestedAt(START.plusSeconds(2)).build());

        assertThat(platform.execution(cancelled).getStatus()).as("RECEIVED ends at once").isEqualTo(ExecutionStatus.FAILURE);
        assertThat(instance().getQueuedCount()).isEqualTo(1);
        platform.catalog(SCHEDULE_PREFIX + "closed", null);
        tick();
        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("still-queued");
    }

    @Test
    void shouldBeInactiveWhileActiveIsNAndDispatchNothingThen() {
        platform = new PlatformDriver(stateDir, START);
        schedule("off", "active", "N", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();
        assertThat(statuses()).containsExactly(InstanceStatus.INACTIVE);
        submit("while-inactive", 64);
        assertThat(platform.dispatches.isEmpty()).isTrue();

        platform.catalog(SCHEDULE_PREFIX + "off", null);
        tick();

        assertThat(statuses()).containsExactly(InstanceStatus.ONLINE);
        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("while-inactive");
    }

    @Test
    void shouldPublishParametersAsScheduleWindowsOpenAndClose() {
        platform = new PlatformDriver(stateDir, START);
        tick();
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters).containsExactly(Map.of());
        // From 12:00:30 to 12:01:00 UTC, limit is 2; a weaker window says 5 all day.
        schedule("short", "limit", "2", "fri", "12:00:30", "12:01:00", "UTC", 100);
        schedule("all-day", "limit", "5", "*", "00:00:00", "23:59:59", "UTC", 64);
        schedule("custom", "region", "eu", "*", "00:00:00", "23:59:59", "UTC", 64);
        tick();
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters)
                .containsExactly(Map.of("limit", "5", "region", "eu"));

        platform.advanceWallClock(Duration.ofSeconds(30));
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters)
                .containsExactly(Map.of("limit", "2", "region", "eu"));
        platform.advanceWallClock(Duration.ofSeconds(5));
        assertThat(platform.parameters.isEmpty()).as("unchanged values are not published again").isTrue();

        platform.advanceWallClock(Duration.ofSeconds(30));
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters)
                .containsExactly(Map.of("limit", "5", "region", "eu"));
        assertThat(platform.parameterStore().get(Catalogs.INSTANCE).getParameters()).containsEntry("limit", "5");
    }

    @Test
    void shouldOpenAndCloseAWindowOverMidnightInItsOwnTimeZone() {
        platform = new PlatformDriver(stateDir, START);
        // Friday 23:00 to 01:00 in Tokyo (UTC+9): Friday 14:00 to 16:00 UTC. START is Friday 12:00 UTC.
        schedule("late-friday-in-tokyo", "limit", "1", "fri", "23:00", "01:00", "Asia/Tokyo", 64);
        tick();
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters).containsExactly(Map.of());

        platform.advanceWallClock(Duration.ofMinutes(118));
        assertThat(platform.parameters.isEmpty()).as("13:59 UTC is 22:59 in Tokyo").isTrue();
        platform.advanceWallClock(Duration.ofMinutes(2));
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters)
                .as("Friday 23:01 in Tokyo").containsExactly(Map.of("limit", "1"));
        platform.advanceWallClock(Duration.ofMinutes(115));
        assertThat(platform.parameters.isEmpty()).as("Saturday 00:56 in Tokyo is still Friday's night").isTrue();
        platform.advanceWallClock(Duration.ofMinutes(5));
        assertThat(platform.parameters.readValuesToList()).extracting(InstanceParameters::getParameters)
                .as("Saturday 01:01 in Tokyo").containsExactly(Map.of());
        platform.advanceWallClock(Duration.ofHours(22));
        assertThat(platform.parameters.isEmpty()).as("Saturday 23:01 in Tokyo: not a Friday").isTrue();
    }

    @Test
    void shouldSubmitADueCronJobOnceAfterDowntimeAndStopAtItsLimit() {
        platform = new PlatformDriver(stateDir, START);
        platform.catalog("job-schedule:greet", io.riberry.schema.JobScheduleDefinition.newBuilder()
                .setName("greet").setForm("hello").setCron("*/5 * * * *").setLimit(2).setRunWhenOnline(true)
                .setInputs(Map.of("name", "Cron")).build());
        tick();
        assertThat(platform.submittedJobs.isEmpty()).as("a new schedule waits for its next due time").isTrue();

        // Stay online until 12:05:00: one run.
        for (int second = 0; second < 300; second += 5) {
            platform.advanceWallClock(Duration.ofSeconds(5));
            platform.heartbeat(START.plusSeconds(second + 5));
        }
        List<JobSubmitted> submitted = platform.submittedJobs.readValuesToList();
        assertThat(submitted).extracting(JobSubmitted::getName).containsExactly("greet @ 2026-05-01T12:05:00Z");
        assertThat(submitted.get(0).getInputs()).containsEntry("name", "Cron");
        assertThat(platform.jobStore().get(submitted.get(0).getJobId()).getStatus().name()).as("validated like any job").isEqualTo("ACCEPTED");

        // Offline for an hour: 12 due times pass, none runs while the instance is away. The platform keeps up:
        // the clock tick read 11 s after the last heartbeat makes the instance OFFLINE before the next due time.
        platform.passTime(Duration.ofSeconds(11));
        platform.passTime(Duration.ofHours(1).minusSeconds(11));
        assertThat(platform.submittedJobs.isEmpty()).isTrue();
        platform.heartbeat(START.plusSeconds(300).plus(Duration.ofHours(1)));
        tick();
        submitted = platform.submittedJobs.readValuesToList();
        assertThat(submitted).as("back online: the latest missed run only, no storm")
                .extracting(JobSubmitted::getName).containsExactly("greet @ 2026-05-01T13:05:00Z");

        for (int minute = 0; minute < 15; minute++) {
            platform.advanceWallClock(Duration.ofMinutes(1));
            platform.heartbeat(START.plusSeconds(300).plus(Duration.ofHours(1)).plus(Duration.ofMinutes(minute + 1)));
        }
        assertThat(platform.submittedJobs.isEmpty()).as("limit 2 reached").isTrue();
    }

    private void schedule(final String name, final String parameter, final String value, final String days, final String start,
                          final String end, final String timezone, final int priority) {
        platform.catalog(SCHEDULE_PREFIX + name, InstanceScheduleDefinition.newBuilder().setInstance(Catalogs.INSTANCE)
                .setParameter(parameter).setValue(value).setDays(days).setStartTime(start).setEndTime(end).setTimezone(timezone)
                .setPriority(priority).build());
    }

    /** One second of wall clock: the instance task re-evaluates its instances. */
    private void tick() {
        platform.advanceWallClock(Duration.ofSeconds(1));
        platform.heartbeat(platform.now());
    }

    private void submit(final String jobId, final int priority) {
        final JobSubmitted job = Events.job(jobId, "hello", Map.of("name", "Ada"));
        job.setPriority(priority);
        platform.jobInputs.pipeInput(jobId, job);
    }

    private InstanceState instance() {
        return platform.instanceStore().get(Catalogs.INSTANCE);
    }

    private ArtifactManifest artifactOf(final String executionId) {
        try (KeyValueIterator<String, ArtifactManifest> all = platform.executionArtifactStore().all()) {
            while (all.hasNext()) {
                final ArtifactManifest manifest = all.next().value;
                if (manifest.getExecutionId().equals(executionId)) {
                    return manifest;
                }
            }
        }
        throw new AssertionError("no artifact of " + executionId);
    }

    private List<InstanceStatus> statuses() {
        return platform.instances.readValuesToList().stream().map(InstanceState::getStatus).toList();
    }
}
