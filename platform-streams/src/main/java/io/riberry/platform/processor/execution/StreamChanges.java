package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import java.time.Instant;

/** Finding or implying an execution's stream. */
final class StreamChanges {

    static final String DEFAULT_CATEGORY = "Overall";

    private StreamChanges() {
    }

    /** The stored stream, or a new ACTIVE one: a step of a stream that never announced itself implies it runs. */
    static StreamState streamOrImplied(final ExecutionStores stores, final String executionId, final String stream, final Instant at) {
        final StreamState stored = stores.streams().get(ProgressKeys.stream(executionId, stream));
        if (stored != null) {
            return stored;
        }
        return StreamState.newBuilder()
                .setExecutionId(executionId).setStream(stream).setCategory(DEFAULT_CATEGORY)
                .setStatus(TaskStatus.ACTIVE).setCreatedAt(at).setStartedAt(at).setUpdatedAt(at)
                .setProgress(ProgressCounts.newBuilder().build())
                .build();
    }
}
