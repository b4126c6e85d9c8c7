package io.riberry.platform.processor.execution;

import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;

/** A well-formed worker event this platform version does not fold yet; kept as an anomaly so nothing is lost silently. */
public final class UnsupportedEventChange extends WorkerEventChange {

    public UnsupportedEventChange(final WorkflowEvent event) {
        super(event);
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        return ChangeOutcome.rejected(Rejection.UNSUPPORTED, kind() + " events are not tracked by this platform version");
    }
}
