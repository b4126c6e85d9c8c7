package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Streams still open when their execution ends are closed with it: a worker that was cancelled,
 * lost, or returned without closing a scope never reports their end, and a finished execution
 * must not list an ACTIVE stream. They take the execution's terminal status (SUCCESS when it
 * succeeded, FAILURE when it failed, was cancelled or went offline) and its completion time.
 */
public final class OpenStreams {

    private OpenStreams() {
    }

    /** Closes the open streams of {@code ended}, a terminal execution; answers how many it closed. */
    public static int closeWith(final ExecutionStores stores, final ExecutionState ended) {
        final TaskStatus status = ended.getStatus() == ExecutionStatus.SUCCESS ? TaskStatus.SUCCESS : TaskStatus.FAILURE;
        final Instant at = ended.getCompletedAt() != null ? ended.getCompletedAt() : ended.getUpdatedAt();
        final List<KeyValue<String, StreamState>> open = new ArrayList<>();
        try (KeyValueIterator<String, StreamState> it = stores.streams().prefixScan(ProgressKeys.executionPrefix(ended.getExecutionId()),
                new StringSerializer())) {
            it.forEachRemaining(entry -> {
                if (entry.value.getStatus() == TaskStatus.QUEUED || entry.value.getStatus() == TaskStatus.ACTIVE) {
                    open.add(entry);
                }
            });
        }
        for (KeyValue<String, StreamState> entry : open) {
            final StreamState closed = StreamState.newBuilder(entry.value).build();
            // The worker's clock may run ahead of the platform's: a stream never ends before it was last updated.
            final Instant closedAt = at.isBefore(closed.getUpdatedAt()) ? closed.getUpdatedAt() : at;
            closed.setStatus(status);
            closed.setCompletedAt(closedAt);
            closed.setUpdatedAt(closedAt);
            closed.setProgress(ProgressFold.withEstimates(closed.getProgress(), closed.getExpectedTotal(), closed.getStartedAt(), closedAt));
            stores.streams().put(entry.key, closed);
        }
        return open.size();
    }
}
