package io.riberry.platform.processor.execution;

import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;
import java.util.Optional;

/**
 * A change reported by a worker. Before its own rule runs, it must belong to a known, live
 * execution, come from the execution's instance and current attempt, and not be a replay.
 */
public abstract class WorkerEventChange implements ExecutionChange {

    protected final WorkflowEvent event;

    protected WorkerEventChange(final WorkflowEvent event) {
        this.event = event;
    }

    @Override
    public String changeId() {
        return event.getEventId();
    }

    @Override
    public String kind() {
        return event.getPayload().getClass().getSimpleName();
    }

    @Override
    public final ChangeOutcome apply(final ExecutionRecord current) {
        if (current == null) {
            return ChangeOutcome.rejected(Rejection.UNKNOWN_EXECUTION, "unknown execution");
        }
        if (current.getRecentEventIds().contains(event.getEventId())) {
            return ChangeOutcome.rejected(Rejection.DUPLICATE, "duplicate event " + event.getEventId());
        }
        final Optional<ChangeOutcome.Rejected> refused = Liveness.of(current.getState()).refuses(event);
        return refused.isPresent() ? refused.get() : applyToLiveExecution(current);
    }

    protected abstract ChangeOutcome applyToLiveExecution(ExecutionRecord current);
}
