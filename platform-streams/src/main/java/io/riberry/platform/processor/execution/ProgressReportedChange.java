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
        final ExecutionRecord next = ExecutionRecords.withState(current, state, changeId(), event.getOccurredAt());
        // Kept off the public snapshot: it is the execution's percentComplete only while no stream declares a total.
        next.setReportedPercent(percent);
        return ChangeOutcome.applied(next);
    }
}
