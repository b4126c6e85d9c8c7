package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ProgressReported;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;

/** The latest progress message (and percentage) of the execution. */
public final class ProgressReportedChange extends WorkerEventChange {

    private final ProgressReported progress;

    public ProgressReportedChange(final WorkflowEvent event, final ProgressReported progress) {
        super(event);
        this.progress = progress;
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        final Integer percent = progress.getPercent();
        if (percent != null && (percent < 0 || percent > 100)) {
            return ChangeOutcome.rejected(Rejection.INVALID, "progress percent must be 0-100, not " + percent);
        }
        final ExecutionState state = ExecutionRecords.copyState(current);
        state.setProgressMessage(progress.getMessage());
        state.setProgressPercent(percent);
        return ChangeOutcome.applied(ExecutionRecords.withState(current, state, changeId(), event.getOccurredAt()));
    }
}
