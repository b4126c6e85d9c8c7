package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ProgressKeys;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.StreamState;
import io.riberry.schema.TaskStatus;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * An execution's progress counts are the sum of its streams' counts. They are derived when read
 * or published, not stored per step event: a busy execution then costs one step and one stream
 * update per event, instead of also rewriting the execution record.
 *
 * <p>Its one percentage: from its streams' declared totals when at least one stream declared a
 * total and every stream still open did (a closed stream's total is what it counted); otherwise the
 * percentage the worker last reported; otherwise null. An ETA only with the former.
 */
public final class ExecutionProgress {

    private static final StringSerializer KEYS = new StringSerializer();

    private ExecutionProgress() {
    }

    /** The summed counts, rate, percent and ETA as of the execution's latest stream change. */
    public static ProgressCounts of(final ReadOnlyKeyValueStore<String, StreamState> streams, final String executionId,
                                    final Instant startedAt, final Integer reportedPercent) {
        final ProgressCounts total = ProgressCounts.newBuilder().build();
        Instant latest = startedAt;
        long declaredTotal = 0;
        boolean anyDeclared = false;
        boolean openUndeclared = false;
        try (KeyValueIterator<String, StreamState> it = streams.prefixScan(ProgressKeys.executionPrefix(executionId), KEYS)) {
            while (it.hasNext()) {
                final KeyValue<String, StreamState> stream = it.next();
                final ProgressCounts counts = stream.value.getProgress();
                total.setQueued(total.getQueued() + counts.getQueued());
                total.setActive(total.getActive() + counts.getActive());
                total.setSucceeded(total.getSucceeded() + counts.getSucceeded());
                total.setFailed(total.getFailed() + counts.getFailed());
                total.setFallenBack(total.getFallenBack() + counts.getFallenBack());
                final long counted = counts.getQueued() + counts.getActive() + counts.getSucceeded() + counts.getFailed();
                final Long expected = stream.value.getExpectedTotal();
                final boolean open = stream.value.getStatus() == TaskStatus.QUEUED || stream.value.getStatus() == TaskStatus.ACTIVE;
                anyDeclared |= expected != null;
                openUndeclared |= open && expected == null;
                declaredTotal += open && expected != null ? Math.max(expected, counted) : counted;
                if (latest == null || stream.value.getUpdatedAt().isAfter(latest)) {
                    latest = stream.value.getUpdatedAt();
                }
            }
        }
        final boolean fromStreams = anyDeclared && !openUndeclared;
        ProgressFold.withEstimates(total, fromStreams ? declaredTotal : null, startedAt, latest == null ? Instant.EPOCH : latest);
        if (!fromStreams && reportedPercent != null) {
            total.setPercentComplete(reportedPercent.doubleValue());
        }
        return total;
    }
}
