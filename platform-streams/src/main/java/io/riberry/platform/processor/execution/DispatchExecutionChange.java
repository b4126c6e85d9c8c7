package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;

/** The dispatcher handed the execution to its instance: RECEIVED -> READY with a new attempt. */
public record DispatchExecutionChange(String executionId, int attempt, Instant at) implements ExecutionChange {

    @Override
    public String changeId() {
        return "dispatch:" + executionId + ":" + attempt;
    }

    @Override
    public String kind() {
        return "DispatchExecution";
    }

    @Override
    public ChangeOutcome apply(final ExecutionRecord current) {
        if (current == null) {
            return ChangeOutcome.rejected(Rejection.UNKNOWN_EXECUTION, "unknown execution");
        }
        final ExecutionStatus status = current.getState().getStatus();
        if (status != ExecutionStatus.RECEIVED) {
            return ChangeOutcome.rejected(Rejection.WRONG_STATUS, "cannot dispatch an execution that is " + status);
        }
        final ExecutionState next = ExecutionRecords.copyState(current);
        next.setStatus(ExecutionStatus.READY);
        next.setAttempt(attempt);
        next.setReadyAt(at);
        return ChangeOutcome.applied(ExecutionRecords.withState(current, next, changeId(), at));
    }
}
