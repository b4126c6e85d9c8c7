package io.riberry.platform.processor;

import io.riberry.platform.store.ExecutionCountKeys;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.internal.ExecutionRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many executions the task holds per form and status, moved as each status change is applied
 * and stored in the same transaction as the execution, so a scrape reads a handful of keys
 * instead of scanning executions, and the counts move with the task to whichever replica owns it.
 * A task whose store predates the counts (an upgrade) counts what it holds once, at its first change.
 */
final class ExecutionCounts {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionCounts.class);

    private final KeyValueStore<String, Long> counts;
    private final KeyValueStore<String, ExecutionRecord> executions;

    ExecutionCounts(final KeyValueStore<String, Long> counts, final KeyValueStore<String, ExecutionRecord> executions) {
        this.counts = counts;
        this.executions = executions;
    }

    /** Call before {@code next} is stored: a back-fill must see the execution as it was. */
    void moved(final ExecutionState previous, final ExecutionState next) {
        if (previous != null && previous.getStatus() == next.getStatus()) {
            return;
        }
        ensureComplete();
        if (previous != null) {
            add(ExecutionCountKeys.key(previous.getForm(), previous.getStatus()), -1);
        }
        add(ExecutionCountKeys.key(next.getForm(), next.getStatus()), 1);
    }

    /** One read of a key the record cache keeps hot; nothing remembered outside the store, which a revived task may roll back. */
    private void ensureComplete() {
        if (counts.get(ExecutionCountKeys.COUNTED) != null) {
            return;
        }
        final Map<String, Long> found = new HashMap<>();
        try (KeyValueIterator<String, ExecutionRecord> all = executions.all()) {
            all.forEachRemaining(entry -> found.merge(
                    ExecutionCountKeys.key(entry.value.getState().getForm(), entry.value.getState().getStatus()), 1L, Long::sum));
        }
        found.forEach(counts::put);
        counts.put(ExecutionCountKeys.COUNTED, 1L);
        if (!found.isEmpty()) {
            LOG.info("Counted the {} executions stored before execution counts were kept", found.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    private void add(final String key, final long delta) {
        final Long current = counts.get(key);
        final long next = (current == null ? 0 : current) + delta;
        if (next <= 0) {
            counts.delete(key);
        } else {
            counts.put(key, next);
        }
    }
}
