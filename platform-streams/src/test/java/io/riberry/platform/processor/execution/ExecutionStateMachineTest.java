package io.riberry.platform.processor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The execution state machine as a matrix: for every status, which changes are legal. Legal
 * ones move to the expected status; every other one is rejected and changes nothing.
 */
class ExecutionStateMachineTest {

    private static final String ID = "exec-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A change and the statuses from which it is legal, with the status it leads to. */
    private enum Kind {
        DISPATCH(EnumSet.of(ExecutionStatus.RECEIVED), ExecutionStatus.READY,
                r -> new DispatchExecutionChange(ID, 1, T0.plusSeconds(10))),
        START(EnumSet.of(ExecutionStatus.READY), ExecutionStatus.ACTIVE,
                r -> new ExecutionStartedChange(Events.started(ID, 1, T0.plusSeconds(20)))),
        SUCCEED(EnumSet.of(ExecutionStatus.ACTIVE), ExecutionStatus.SUCCESS,
                r -> ExecutionChanges.fromWorkerEvent(Events.succeeded(ID, 1, T0.plusSeconds(30)), null)),
        FAIL(EnumSet.of(ExecutionStatus.ACTIVE), ExecutionStatus.FAILURE,
                r -> ExecutionChanges.fromWorkerEvent(Events.failed(ID, 1, T0.plusSeconds(30), "boom"), null)),
        PLATFORM_FAIL(EnumSet.of(ExecutionStatus.RECEIVED, ExecutionStatus.READY, ExecutionStatus.ACTIVE), ExecutionStatus.FAILURE,
                r -> new FailExecutionChange(ID, "fail-1", new ExecutionError("InstanceOffline", "gone", null), T0.plusSeconds(40)));

        final Set<ExecutionStatus> legalFrom;
        final ExecutionStatus leadsTo;
        final Function<ExecutionRecord, ExecutionChange> change;

        Kind(final Set<ExecutionStatus> legalFrom, final ExecutionStatus leadsTo, final Function<ExecutionRecord, ExecutionChange> change) {
            this.legalFrom = legalFrom;
            this.leadsTo = leadsTo;
            this.change = change;
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void shouldApplyExactlyTheLegalChangesFromEachStatus(final ExecutionStatus from) {
        for (Kind kind : Kind.values()) {
            final ExecutionRecord current = executionIn(from);
            final ChangeOutcome outcome = kind.change.apply(current).apply(current);
            if (kind.legalFrom.contains(from)) {
                assertThat(outcome).as("%s from %s", kind, from).isInstanceOf(ChangeOutcome.Applied.class);
                final ExecutionRecord next = ((ChangeOutcome.Applied) outcome).next();
                assertThat(next.getState().getStatus()).as("%s from %s", kind, from).isEqualTo(kind.leadsTo);
                assertThat(next.getState().getVersion()).isEqualTo(current.getState().getVersion() + 1);
            } else {
                assertThat(outcome).as("%s from %s", kind, from).isInstanceOf(ChangeOutcome.Rejected.class);
                // Counted as an illegal transition (a worker event before any dispatch is of no attempt yet), whatever the words.
                assertThat(((ChangeOutcome.Rejected) outcome).rejection()).as("%s from %s", kind, from)
                        .isIn(Rejection.WRONG_STATUS, Rejection.ALREADY_ENDED, Rejection.STALE_ATTEMPT);
            }
        }
    }

    @Test
    void shouldRecordEachStateTimestamp() {
        ExecutionRecord record = executionIn(ExecutionStatus.RECEIVED);
        record = applied(new DispatchExecutionChange(ID, 1, T0.plusSeconds(1)), record);
        record = applied(new ExecutionStartedChange(Events.started(ID, 1, T0.plusSeconds(2))), record);
        record = applied(ExecutionChanges.fromWorkerEvent(Events.succeeded(ID, 1, T0.plusSeconds(3)), null), record);

        assertThat(record.getState().getCreatedAt()).isEqualTo(T0);
        assertThat(record.getState().getReadyAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(record.getState().getStartedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(record.getState().getCompletedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void shouldKeepTheStackTraceOfAFailure() {
        ExecutionRecord record = executionIn(ExecutionStatus.ACTIVE);
        record = applied(ExecutionChanges.fromWorkerEvent(Events.failed(ID, 1, T0.plusSeconds(3), "kaput"), null), record);

        assertThat(record.getState().getError().getType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(record.getState().getError().getMessage()).isEqualTo("kaput");
        assertThat(record.getState().getError().getStackTrace()).contains("at demo.Fail.run");
    }

    @Test
    void shouldApplyAReplayedWorkerEventOnce() {
        final WorkflowEvent started = Events.started(ID, 1, T0.plusSeconds(2));
        final ExecutionRecord once = applied(new ExecutionStartedChange(started), executionIn(ExecutionStatus.READY));

        final ChangeOutcome replay = new ExecutionStartedChange(started).apply(once);

        assertThat(replay).isEqualTo(ChangeOutcome.rejected(Rejection.DUPLICATE, "duplicate event " + started.getEventId()));
    }

    @Test
    void shouldRejectEventsOfAStaleAttempt() {
        final ChangeOutcome outcome = new ExecutionStartedChange(Events.started(ID, 2, T0)).apply(executionIn(ExecutionStatus.READY));

        assertThat(outcome).isEqualTo(ChangeOutcome.rejected(Rejection.STALE_ATTEMPT, "event of attempt 2 but the current attempt is 1"));
    }

    @Test
    void shouldRejectEventsFromAnotherInstance() {
        final WorkflowEvent foreign = Events.event(ID, 1, "other-instance", T0, new io.riberry.schema.ExecutionStarted("p"));

        final ChangeOutcome outcome = new ExecutionStartedChange(foreign).apply(executionIn(ExecutionStatus.READY));

        assertThat(outcome).isInstanceOf(ChangeOutcome.Rejected.class);
        assertThat(((ChangeOutcome.Rejected) outcome).reason()).contains("other-instance");
        assertThat(((ChangeOutcome.Rejected) outcome).rejection()).isEqualTo(Rejection.OTHER_INSTANCE);
    }

    @Test
    void shouldRejectEventsForUnknownExecutions() {
        assertThat(new ExecutionStartedChange(Events.started(ID, 1, T0)).apply(null)).isEqualTo(ChangeOutcome.rejected(Rejection.UNKNOWN_EXECUTION, "unknown execution"));
    }

    @Test
    void shouldListAnomaliesWithoutChangingTheState() {
        final ExecutionRecord ready = executionIn(ExecutionStatus.READY);
        final ExecutionChange early = ExecutionChanges.fromWorkerEvent(Events.succeeded(ID, 1, T0), null);

        final ExecutionRecord withAnomaly = ExecutionRecords.withAnomaly(ready, early, "cannot complete an execution that is READY", T0);

        assertThat(withAnomaly.getState().getStatus()).isEqualTo(ExecutionStatus.READY);
        assertThat(withAnomaly.getState().getAnomalyCount()).isEqualTo(1);
        assertThat(withAnomaly.getState().getAnomalies().get(0).getEvent()).isEqualTo("ExecutionCompleted");
    }

    private static ExecutionRecord applied(final ExecutionChange change, final ExecutionRecord current) {
        final ChangeOutcome outcome = change.apply(current);
        assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
        return ((ChangeOutcome.Applied) outcome).next();
    }

    /** An execution that reached {@code status} the legal way. */
    static ExecutionRecord executionIn(final ExecutionStatus status) {
        ExecutionRecord record = ((ChangeOutcome.Applied) new CreateExecutionChange(ID, Events.job("job-1", "hello", Map.of("name", "Ada")),
                Catalogs.APPLICATION, Catalogs.INSTANCE, T0).apply(null)).next();
        if (status == ExecutionStatus.RECEIVED) {
            return record;
        }
        record = applied(new DispatchExecutionChange(ID, 1, T0), record);
        if (status == ExecutionStatus.READY) {
            return record;
        }
        record = applied(new ExecutionStartedChange(Events.started(ID, 1, T0)), record);
        if (status == ExecutionStatus.ACTIVE) {
            return record;
        }
        return applied(status == ExecutionStatus.SUCCESS
                ? ExecutionChanges.fromWorkerEvent(Events.succeeded(ID, 1, T0), null)
                : ExecutionChanges.fromWorkerEvent(Events.failed(ID, 1, T0, "boom"), null), record);
    }
}
