package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;

/** The entry point began: READY -> ACTIVE. */
public final class ExecutionStartedChange extends WorkerEventChange {

    public ExecutionStartedChange(final WorkflowEvent event) {
        super(event);
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        final ExecutionStatus status = current.getState().getStatus();
        if (status != ExecutionStatus.READY) {
            return ChangeOutcome.rejected(Rejection.WRONG_STATUS, "cannot start an execution that is " + status);
        }
        final ExecutionState next = ExecutionRecords.copyState(current);
        next.setStatus(ExecutionStatus.ACTIVE);
        next.setStartedAt(event.getOccurredAt());
        final String processId = ((ExecutionStarted) event.getPayload()).getProcessId();
        next.setProcessId(processId == null || processId.isBlank() ? null : processId);
        return ChangeOutcome.applied(ExecutionRecords.withState(current, next, changeId(), event.getOccurredAt()));
    }
}
