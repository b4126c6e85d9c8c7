package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;

/** The entry point returned or threw: ACTIVE -> SUCCESS | FAILURE. */
public final class ExecutionCompletedChange extends WorkerEventChange {

    private final ExecutionCompleted completed;

    public ExecutionCompletedChange(final WorkflowEvent event, final ExecutionCompleted completed) {
        super(event);
        this.completed = completed;
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        final ExecutionStatus status = current.getState().getStatus();
        if (status != ExecutionStatus.ACTIVE) {
            return ChangeOutcome.rejected(Rejection.WRONG_STATUS, "cannot complete an execution that is " + status);
        }
        if (!ExecutionRecords.isTerminal(completed.getStatus())) {
            return ChangeOutcome.rejected(Rejection.INVALID, "completion status must be SUCCESS or FAILURE, not " + completed.getStatus());
        }
        final ExecutionState next = ExecutionRecords.copyState(current);
        next.setStatus(completed.getStatus());
        next.setError(completed.getError());
        next.setCompletedAt(event.getOccurredAt());
        return ChangeOutcome.applied(ExecutionRecords.withState(current, next, changeId(), event.getOccurredAt()));
    }
}
