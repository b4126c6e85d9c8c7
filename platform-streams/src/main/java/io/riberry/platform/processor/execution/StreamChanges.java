package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Finding or implying an execution's stream. */
final class StreamChanges {

    static final String DEFAULT_CATEGORY = "Overall";

    private StreamChanges() {
    }

    /** The position of an execution's next new stream: one more than it has (a stream is created once, so a scan is cheap). */
    static int nextPosition(final ExecutionStores stores, final String executionId) {
        int count = 0;
        try (KeyValueIterator<String, StreamState> existing = stores.streams().prefixScan(ProgressKeys.executionPrefix(executionId),
                new StringSerializer())) {
            while (existing.hasNext()) {
                existing.next();
                count++;
            }
        }
        return count + 1;
    }

    /** The stored stream, or a new ACTIVE one: a step of a stream that never announced itself implies it runs. */
    static StreamState streamOrImplied(final ExecutionStores stores, final String executionId, final String stream, final Instant at) {
        final StreamState stored = stores.streams().get(ProgressKeys.stream(executionId, stream));
        if (stored != null) {
            return stored;
        }
        return StreamState.newBuilder()
                .setExecutionId(executionId).setStream(stream).setCategory(DEFAULT_CATEGORY).setPosition(nextPosition(stores, executionId))
                .setStatus(TaskStatus.ACTIVE).setCreatedAt(at).setStartedAt(at).setUpdatedAt(at)
                .setProgress(ProgressCounts.newBuilder().build())
                .build();
    }
}
