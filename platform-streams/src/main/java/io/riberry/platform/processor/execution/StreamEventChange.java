package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;

/** A stream changed status (QUEUED -> ACTIVE -> SUCCESS | FAILURE); a later event wins only if newer. */
public final class StreamEventChange extends WorkerEventChange {

    private final StreamEvent streamEvent;
    private final ExecutionStores stores;

    public StreamEventChange(final WorkflowEvent event, final StreamEvent streamEvent, final ExecutionStores stores) {
        super(event);
        this.streamEvent = streamEvent;
        this.stores = stores;
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        final String executionId = current.getState().getExecutionId();
        final String key = ProgressKeys.stream(executionId, streamEvent.getStream());
        final Instant at = event.getOccurredAt();
        final StreamState stored = stores.streams().get(key);
        if (stored != null && stored.getStatus() == streamEvent.getStatus() && streamEvent.getExpectedTotal() != null) {
            // A running stream declaring (or correcting) its total: not a status change, so no newer-wins rule.
            final StreamState declared = StreamState.newBuilder(stored).setExpectedTotal(streamEvent.getExpectedTotal()).build();
            declared.setProgress(ProgressFold.withEstimates(declared.getProgress(), declared.getExpectedTotal(), declared.getStartedAt(),
                    at.isAfter(stored.getUpdatedAt()) ? at : stored.getUpdatedAt()));
            stores.streams().put(key, declared);
            return ChangeOutcome.applied(ExecutionRecords.withState(current, ExecutionRecords.copyState(current), null, at));
        }
        if (stored != null && !ProgressFold.wins(stored.getStatus(), stored.getUpdatedAt(), streamEvent.getStatus(), at)) {
            return ChangeOutcome.rejected(Rejection.OUT_OF_ORDER, "stream " + streamEvent.getStream() + " is already " + stored.getStatus()
                    + " as of a newer event");
        }
        final StreamState next = stored != null ? stored : StreamState.newBuilder()
                .setExecutionId(executionId).setStream(streamEvent.getStream()).setStatus(streamEvent.getStatus())
                .setPosition(StreamChanges.nextPosition(stores, executionId))
                .setCreatedAt(at).setUpdatedAt(at).setProgress(ProgressCounts.newBuilder().build()).build();
        next.setCategory(streamEvent.getCategory());
        next.setStatus(streamEvent.getStatus());
        next.setUpdatedAt(at);
        if (streamEvent.getExpectedTotal() != null) {
            next.setExpectedTotal(streamEvent.getExpectedTotal());
        }
        if (streamEvent.getStatus() == TaskStatus.ACTIVE && next.getStartedAt() == null) {
            next.setStartedAt(at);
        }
        if (streamEvent.getStatus() == TaskStatus.SUCCESS || streamEvent.getStatus() == TaskStatus.FAILURE) {
            next.setCompletedAt(at);
        }
        next.setProgress(ProgressFold.withEstimates(next.getProgress(), next.getExpectedTotal(), next.getStartedAt(), at));
        stores.streams().put(key, next);
        // A stream starting or ending is a change worth a snapshot of the execution (with its summed counts).
        return ChangeOutcome.applied(ExecutionRecords.withState(current, ExecutionRecords.copyState(current), null, at));
    }
}
