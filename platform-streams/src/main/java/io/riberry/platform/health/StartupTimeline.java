package io.riberry.platform.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Where a replica's start goes: each step's time from the process's point of view, and what
 * Kafka Streams restored from changelogs (after a crash, exactly-once stores are rebuilt from
 * their changelogs; after a clean stop they resume from their checkpoints).
 */
public final class StartupTimeline implements StateRestoreListener {

    private final long startedNanos = System.nanoTime();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private long lastNanos = startedNanos;
    private final AtomicLong restoredRecords = new AtomicLong();
    private final AtomicLong restoringStores = new AtomicLong();

    /** Marks the end of {@code step}: its time is since the previous mark. */
    public synchronized void mark(final String step) {
        final long now = System.nanoTime();
        steps.put(step, (now - lastNanos) / 1_000_000);
        lastNanos = now;
    }

    /** One line for the log: total, each step, and what was restored. */
    public synchronized String describe() {
        final StringBuilder line = new StringBuilder(String.format("Startup took %d ms:", (System.nanoTime() - startedNanos) / 1_000_000));
        steps.forEach((step, millis) -> line.append(' ').append(step).append(' ').append(millis).append(" ms,"));
        line.append(" restored ").append(restoredRecords.get()).append(" records into ").append(restoringStores.get()).append(" store partitions");
        return line.toString();
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String store, final long startingOffset, final long endingOffset) {
        restoringStores.incrementAndGet();
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String store, final long batchEndOffset, final long numRestored) {
        restoredRecords.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
        // Counted batch by batch.
    }
}
