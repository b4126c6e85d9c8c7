package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionError;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;

/** The platform ends a live execution FAILURE: a cancel, its instance or worker process was lost, or no live process serves its form. */
public record FailExecutionChange(String executionId, String changeId, ExecutionError error, Instant at) implements ExecutionChange {

    @Override
    public String kind() {
        return "FailExecution";
    }

    @Override
    public ChangeOutcome apply(final ExecutionRecord current) {
        if (current == null) {
            return ChangeOutcome.rejected(Rejection.UNKNOWN_EXECUTION, "unknown execution");
        }
        final ExecutionStatus status = current.getState().getStatus();
        if (ExecutionRecords.isTerminal(status)) {
            return ChangeOutcome.rejected(Rejection.ALREADY_ENDED, "execution is already " + status);
        }
        final ExecutionState next = ExecutionRecords.copyState(current);
        next.setStatus(ExecutionStatus.FAILURE);
        next.setError(error);
        next.setCompletedAt(at);
        return ChangeOutcome.applied(ExecutionRecords.withState(current, next, changeId, at));
    }
}
