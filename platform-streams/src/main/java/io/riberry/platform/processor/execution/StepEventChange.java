package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.schema.internal.StepRecord;
import java.time.Instant;
import java.util.Optional;

/** A step (or tracked chain) changed status: folded into its step and its stream's counts. */
public final class StepEventChange extends WorkerEventChange {

    private final StepEvent step;
    private final ExecutionStores stores;

    public StepEventChange(final WorkflowEvent event, final StepEvent step, final ExecutionStores stores) {
        super(event);
        this.step = step;
        this.stores = stores;
    }

    /**
     * The hot path: applies the step given only the execution's liveness, so a busy execution's
     * record is not read and decoded for every step. Step events are never replayed into the
     * record's recent ids (newer-wins folding makes a replay a no-op), so no duplicate check is lost.
     */
    public ChangeOutcome applyIfLive(final Liveness liveness) {
        final Optional<ChangeOutcome.Rejected> refused = liveness.refuses(event);
        return refused.isPresent() ? refused.get() : fold();
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        return fold();
    }

    private ChangeOutcome fold() {
        final String executionId = event.getExecutionId();
        final Instant at = event.getOccurredAt();
        final String stepKey = ProgressKeys.step(executionId, step.getStream(), step.getStep());
        final StepRecord previous = stores.steps().get(stepKey);
        final TaskStatus before = previous == null ? null : previous.getStatus();
        if (!ProgressFold.wins(before, previous == null ? null : previous.getUpdatedAt(), step.getStatus(), at)) {
            return ChangeOutcome.rejected(Rejection.OUT_OF_ORDER, "step " + step.getStream() + "/" + step.getStep() + " is already " + before
                    + " as of a newer event");
        }
        stores.steps().put(stepKey, nextStep(previous, at));
        if (before == step.getStatus()) {
            return ChangeOutcome.unchanged();
        }

        final StreamState stream = StreamChanges.streamOrImplied(stores, executionId, step.getStream(), at);
        stream.setProgress(ProgressFold.withEstimates(ProgressFold.move(stream.getProgress(), before, step.getStatus(), step.getFallenBack()),
                stream.getExpectedTotal(), stream.getStartedAt(), at));
        stream.setUpdatedAt(at.isAfter(stream.getUpdatedAt()) ? at : stream.getUpdatedAt());
        stores.streams().put(ProgressKeys.stream(executionId, step.getStream()), stream);
        // The execution's own counts are derived from its streams (ExecutionProgress): nothing else changes.
        return ChangeOutcome.unchanged();
    }

    private StepRecord nextStep(final StepRecord previous, final Instant at) {
        final StepRecord next = previous == null
                ? StepRecord.newBuilder().setStep(step.getStep()).setName(step.getName()).setStatus(step.getStatus()).setUpdatedAt(at).build()
                : StepRecord.newBuilder(previous).build();
        next.setStatus(step.getStatus());
        next.setUpdatedAt(at);
        if (!step.getName().isEmpty()) {
            next.setName(step.getName());
        }
        if (step.getStatus() == TaskStatus.ACTIVE && next.getStartedAt() == null) {
            next.setStartedAt(at);
        }
        if (step.getStatus() == TaskStatus.SUCCESS || step.getStatus() == TaskStatus.FAILURE) {
            next.setCompletedAt(at);
        }
        return next;
    }
}
