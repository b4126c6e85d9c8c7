package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.StreamState;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * An execution's progress counts are the sum of its streams' counts. They are derived when read
 * or published, not stored per step event: a busy execution then costs one step and one stream
 * update per event, instead of also rewriting the execution record.
 */
public final class ExecutionProgress {

    private static final StringSerializer KEYS = new StringSerializer();

    private ExecutionProgress() {
    }

    /** The summed counts, with percent and an ETA as of the execution's latest stream change. */
    public static ProgressCounts of(final ReadOnlyKeyValueStore<String, StreamState> streams, final String executionId,
                                    final Instant startedAt) {
        final ProgressCounts total = ProgressCounts.newBuilder().build();
        Instant latest = startedAt;
        try (KeyValueIterator<String, StreamState> it = streams.prefixScan(ProgressKeys.executionPrefix(executionId), KEYS)) {
            while (it.hasNext()) {
                final KeyValue<String, StreamState> stream = it.next();
                final ProgressCounts counts = stream.value.getProgress();
                total.setQueued(total.getQueued() + counts.getQueued());
                total.setActive(total.getActive() + counts.getActive());
                total.setSucceeded(total.getSucceeded() + counts.getSucceeded());
                total.setFailed(total.getFailed() + counts.getFailed());
                if (latest == null || stream.value.getUpdatedAt().isAfter(latest)) {
                    latest = stream.value.getUpdatedAt();
                }
            }
        }
        return ProgressFold.withEstimates(total, startedAt, latest == null ? Instant.EPOCH : latest);
    }
}
