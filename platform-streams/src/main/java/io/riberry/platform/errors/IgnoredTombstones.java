package io.riberry.platform.errors;

import io.riberry.topics.RecordLimits;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records without a value (tombstones) on topics where a null means nothing: a job, an event, a
 * heartbeat or a chunk cannot be deleted. They are skipped, but never silently: each is logged
 * with where it came from and counted for the metrics.
 */
public final class IgnoredTombstones {

    private static final Logger LOG = LoggerFactory.getLogger(IgnoredTombstones.class);
    /** Process-wide, like any meter: every task of this process adds to it. */
    private static final LongAdder TOTAL = new LongAdder();

    private IgnoredTombstones() {
    }

    /** True, after logging and counting it, when {@code record} is a tombstone the caller must skip. */
    public static boolean skip(final ProcessorContext<?, ?> context, final Record<?, ?> record) {
        if (record.value() != null) {
            return false;
        }
        TOTAL.increment();
        final String where = context.recordMetadata()
                .map(IgnoredTombstones::describe)
                .orElse("a punctuation");
        LOG.warn("Ignored a record without a value from {} (key {}); {} ignored since start", where,
                RecordLimits.quote(record.key()), TOTAL.sum());
        return true;
    }

    /** Tombstones ignored by this process since it started. */
    public static long total() {
        return TOTAL.sum();
    }

    private static String describe(final RecordMetadata metadata) {
        return metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
    }
}
