package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.Notification;
import io.riberry.schema.NotificationType;
import io.riberry.schema.NotifyEvent;
import io.riberry.schema.NotifyKind;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.ProgressReported;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import io.riberry.schema.WorkflowEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams, steps and progress folded into the stores and the execution's counts. */
class ProgressTopologyTest {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path stateDir;

    private PlatformDriver platform;
    private String executionId;

    @BeforeEach
    void startActiveExecution() {
        platform = new PlatformDriver(stateDir, START);
        executionId = platform.activeJob("job-p", START);
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldCountStepsExactlyUnderMixedOutcomesAndEstimateFromTheDeclaredTotal() {
        declaredStream("customers", TaskStatus.ACTIVE, 0, 10L);
        for (int i = 0; i < 10; i++) {
            step("customers", "c" + i, TaskStatus.QUEUED, 1);
        }
        for (int i = 0; i < 8; i++) {
            step("customers", "c" + i, TaskStatus.ACTIVE, 2);
        }
        for (int i = 0; i < 5; i++) {
            step("customers", "c" + i, TaskStatus.SUCCESS, 4);
        }
        step("customers", "c5", TaskStatus.FAILURE, 4);
        step("customers", "c6", TaskStatus.FAILURE, 5);

        final ProgressCounts stream = streamState("customers").getProgress();
        assertThat(stream.getQueued()).isEqualTo(2);
        assertThat(stream.getActive()).isEqualTo(1);
        assertThat(stream.getSucceeded()).isEqualTo(5);
        assertThat(stream.getFailed()).isEqualTo(2);
        assertThat(stream.getPercentComplete()).isEqualTo(70.0);
        assertThat(stream.getEtaMillis()).isEqualTo(Math.round(3 * 5000.0 / 7));
        final ProgressCounts execution = platform.executionProgress(executionId);
        assertThat(execution.getSucceeded()).isEqualTo(5);
        assertThat(execution.getFailed()).isEqualTo(2);
        assertThat(execution.getPercentComplete()).as("its only open stream declared a total").isEqualTo(70.0);
    }

    @Test
    void shouldShowCountsAndARateButNoPercentOrEtaWithoutADeclaredTotal() {
        stream("sleep", TaskStatus.ACTIVE, 0);
        for (int i = 0; i < 13; i++) {
            step("sleep", "s" + i, TaskStatus.SUCCESS, i + 1);
        }
        step("sleep", "s13", TaskStatus.ACTIVE, 13);

        final ProgressCounts stream = streamState("sleep").getProgress();
        assertThat(stream.getSucceeded()).isEqualTo(13);
        assertThat(stream.getActive()).isEqualTo(1);
        assertThat(stream.getPercentComplete()).as("13 of 14 started is not 93% of the work").isNull();
        assertThat(stream.getEtaMillis()).isNull();
        assertThat(stream.getStepsPerSecond()).isEqualTo(1.0);
        assertThat(platform.executionProgress(executionId).getPercentComplete()).isNull();
    }

    @Test
    void shouldTakeATotalDeclaredAfterTheStreamStartedInTheSameMillisecond() {
        stream("customers", TaskStatus.ACTIVE, 1);
        declaredStream("customers", TaskStatus.ACTIVE, 1, 4L);
        step("customers", "1", TaskStatus.SUCCESS, 3);

        final StreamState customers = streamState("customers");
        assertThat(customers.getExpectedTotal()).isEqualTo(4L);
        assertThat(customers.getProgress().getPercentComplete()).isEqualTo(25.0);
        assertThat(customers.getProgress().getEtaMillis()).isEqualTo(6_000L);
        assertThat(platform.execution(executionId).getAnomalies()).as("a declaration is not an out-of-order status").isEmpty();

        stream("customers", TaskStatus.SUCCESS, 4);
        assertThat(streamState("customers").getExpectedTotal()).as("closing without a total keeps the declared one").isEqualTo(4L);
    }

    @Test
    void shouldNeverPassAHundredPercentWhenMoreStepsRunThanDeclared() {
        declaredStream("s", TaskStatus.ACTIVE, 0, 1L);
        step("s", "1", TaskStatus.SUCCESS, 1);
        step("s", "2", TaskStatus.ACTIVE, 1);

        assertThat(streamState("s").getProgress().getPercentComplete()).isEqualTo(50.0);
    }

    @Test
    void shouldCountAFallenBackStepAsFailedAndFallenBack() {
        declaredStream("customers", TaskStatus.ACTIVE, 0, 2L);
        step("customers", "1", TaskStatus.SUCCESS, 1);
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(2),
                new StepEvent("customers", "2", "2", TaskStatus.FAILURE, true)));
        stream("customers", TaskStatus.SUCCESS, 3);

        final StreamState customers = streamState("customers");
        assertThat(customers.getStatus()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(customers.getProgress().getFailed()).isEqualTo(1);
        assertThat(customers.getProgress().getFallenBack()).isEqualTo(1);
        assertThat(customers.getProgress().getPercentComplete()).isEqualTo(100.0);
        assertThat(platform.executionProgress(executionId).getFallenBack()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheExecutionsPercentFromItsStreamsOnlyWhenEveryOpenStreamDeclaredATotal() {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(1),
                new ProgressReported("loading", 10)));
        assertThat(platform.execution(executionId).getProgress().getPercentComplete()).as("the worker's own percentage").isEqualTo(10.0);

        declaredStream("a", TaskStatus.ACTIVE, 2, 4L);
        step("a", "1", TaskStatus.SUCCESS, 3);
        assertThat(platform.executionProgress(executionId).getPercentComplete()).isEqualTo(25.0);

        stream("b", TaskStatus.ACTIVE, 4);
        assertThat(platform.executionProgress(executionId).getPercentComplete()).as("b declared nothing: back to the worker's").isEqualTo(10.0);

        stream("b", TaskStatus.SUCCESS, 5);
        assertThat(platform.executionProgress(executionId).getPercentComplete()).as("a closed stream counts what it ran").isEqualTo(25.0);
    }

    @Test
    void shouldCloseTheOpenStreamsOfASucceededExecutionWithItsStatus() {
        stream("report", TaskStatus.ACTIVE, 1);
        stream("done", TaskStatus.ACTIVE, 1);
        stream("done", TaskStatus.SUCCESS, 2);
        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(3)));

        assertThat(streamState("report").getStatus()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(streamState("report").getCompletedAt()).isEqualTo(START.plusSeconds(3));
        assertThat(streamState("done").getCompletedAt()).as("already closed: untouched").isEqualTo(START.plusSeconds(2));
    }

    @Test
    void shouldCloseTheOpenStreamsOfAFailedExecutionFailure() {
        stream("customers", TaskStatus.ACTIVE, 1);
        platform.events.pipeInput(executionId, Events.failed(executionId, 1, START.plusSeconds(3), "boom"));

        assertThat(streamState("customers").getStatus()).isEqualTo(TaskStatus.FAILURE);
    }

    @Test
    void shouldCloseTheOpenStreamsOfACancelledExecutionFailure() {
        stream("nap", TaskStatus.ACTIVE, 1);
        platform.commands.pipeInput(executionId, ExecutionCommand.newBuilder().setCommandId("c-" + executionId).setExecutionId(executionId)
                .setType(ExecutionCommandType.CANCEL).setRequestedBy("ops").setRequestedAt(START.plusSeconds(2)).build());

        assertThat(platform.execution(executionId).getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(streamState("nap").getStatus()).as("no ACTIVE stream under a finished execution").isEqualTo(TaskStatus.FAILURE);
        assertThat(streamState("nap").getCompletedAt()).isNotNull();
    }

    @Test
    void shouldPublishASnapshotWithTheSummedCountsWhenAStreamEnds() {
        stream("a", TaskStatus.ACTIVE, 0);
        step("a", "1", TaskStatus.SUCCESS, 1);
        step("a", "2", TaskStatus.FAILURE, 2);
        platform.executions.readValuesToList();

        stream("a", TaskStatus.SUCCESS, 3);

        final List<ExecutionState> snapshots = platform.executions.readValuesToList();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).getProgress().getSucceeded()).isEqualTo(1);
        assertThat(snapshots.get(0).getProgress().getFailed()).isEqualTo(1);
        assertThat(snapshots.get(0).getProgress().getPercentComplete()).as("nothing declared a total").isNull();
    }

    @Test
    void shouldSumTheCountsOfEveryStreamIntoTheExecution() {
        step("a", "1", TaskStatus.SUCCESS, 1);
        step("b", "1", TaskStatus.ACTIVE, 1);
        step("b", "2", TaskStatus.FAILURE, 2);

        final ProgressCounts total = platform.executionProgress(executionId);
        assertThat(total.getSucceeded()).isEqualTo(1);
        assertThat(total.getActive()).isEqualTo(1);
        assertThat(total.getFailed()).isEqualTo(1);
        assertThat(streamState("a").getStatus()).as("a step implies its stream runs").isEqualTo(TaskStatus.ACTIVE);
    }

    @Test
    void shouldIgnoreAnOlderStepEventAndApplyAReplayOnce() {
        step("s", "x", TaskStatus.SUCCESS, 3);
        step("s", "x", TaskStatus.ACTIVE, 2);
        final WorkflowEvent success = stepEvent("s", "x", TaskStatus.SUCCESS, 3);
        platform.events.pipeInput(executionId, success);

        assertThat(platform.stepStore().get(ProgressKeys.step(executionId, "s", "x")).getStatus()).isEqualTo(TaskStatus.SUCCESS);
        final ProgressCounts counts = streamState("s").getProgress();
        assertThat(counts.getSucceeded()).isEqualTo(1);
        assertThat(counts.getActive()).isZero();
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("step s/x is already SUCCESS as of a newer event", "step s/x is already SUCCESS as of a newer event");
    }

    @Test
    void shouldNumberStreamsInTheOrderTheyAppearThoughTheyStartInTheSameMillisecond() {
        stream("prepare", TaskStatus.ACTIVE, 1);
        stream("prepare", TaskStatus.SUCCESS, 1);
        stream("customers", TaskStatus.ACTIVE, 1);
        step("implied", "s-1", TaskStatus.ACTIVE, 1);

        assertThat(streamState("prepare").getPosition()).isEqualTo(1);
        assertThat(streamState("customers").getPosition()).as("after prepare, though its name sorts first").isEqualTo(2);
        assertThat(streamState("implied").getPosition()).as("implied by its first step").isEqualTo(3);
    }

    @Test
    void shouldKeepEachStreamsTimestampsAndLetOnlyANewerStatusWin() {
        stream("s", TaskStatus.ACTIVE, 1);
        stream("s", TaskStatus.SUCCESS, 9);
        stream("s", TaskStatus.ACTIVE, 5);

        final StreamState stream = streamState("s");
        assertThat(stream.getStatus()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(stream.getStartedAt()).isEqualTo(START.plusSeconds(1));
        assertThat(stream.getCompletedAt()).isEqualTo(START.plusSeconds(9));
        assertThat(stream.getCategory()).isEqualTo("Overall");
    }

    @Test
    void shouldKeepTheLatestProgressMessage() {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(1), new ProgressReported("half way", 50)));

        final ExecutionState execution = platform.execution(executionId);
        assertThat(execution.getProgressMessage()).isEqualTo("half way");
        assertThat(execution.getProgress().getPercentComplete()).as("no stream declared a total").isEqualTo(50.0);
    }

    @Test
    void shouldRejectProgressAfterTheExecutionEnded() {
        platform.events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(1)));

        step("late", "1", TaskStatus.SUCCESS, 2);

        assertThat(platform.streamStore().get(ProgressKeys.stream(executionId, "late"))).isNull();
        assertThat(platform.executionProgress(executionId).getSucceeded()).isZero();
        assertThat(platform.execution(executionId).getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already SUCCESS");
    }

    @Test
    void shouldPublishANotificationForEachNotifyEvent() {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(1),
                new NotifyEvent(NotifyKind.WORKFLOW_STARTED, null, null)));
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(2),
                new NotifyEvent(NotifyKind.WORKFLOW_COMPLETE, ExecutionStatus.FAILURE, null)));

        final List<Notification> notifications = platform.notifications.readValuesToList();
        assertThat(notifications).extracting(Notification::getType).containsExactly(NotificationType.INFO, NotificationType.ERROR);
        assertThat(notifications).allSatisfy(n -> assertThat(n.getExecutionId()).isEqualTo(executionId));
        assertThat(notifications.get(0).getMessage()).isEqualTo("Execution of \"job-job-p\" (hello) started");
        assertThat(notifications.get(1).getMessage()).isEqualTo("Execution of \"job-job-p\" (hello) failed");
        assertThat(notifications.get(1).getCreatedAt()).isEqualTo(START.plusSeconds(2));
    }

    private void stream(final String stream, final TaskStatus status, final int second) {
        declaredStream(stream, status, second, null);
    }

    private void declaredStream(final String stream, final TaskStatus status, final int second, final Long expectedTotal) {
        platform.events.pipeInput(executionId, Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(second),
                new StreamEvent(stream, "Overall", status, expectedTotal)));
    }

    private void step(final String stream, final String step, final TaskStatus status, final int second) {
        platform.events.pipeInput(executionId, stepEvent(stream, step, status, second));
    }

    private WorkflowEvent stepEvent(final String stream, final String step, final TaskStatus status, final int second) {
        return Events.event(executionId, 1, Catalogs.INSTANCE, START.plusSeconds(second), new StepEvent(stream, step, step, status, false));
    }

    private StreamState streamState(final String stream) {
        return platform.streamStore().get(ProgressKeys.stream(executionId, stream));
    }
}
