package io.riberry.platform.processor;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps a global store equal to its compacted topic: the latest value per key, a null value deletes it. */
public final class GlobalTableUpdater<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private final Runnable applied;
    private KeyValueStore<String, V> store;

    public GlobalTableUpdater(final String storeName) {
        this(storeName, () -> { });
    }

    /** @param applied told after each record is applied (not for the restore at start, which precedes any query) */
    public GlobalTableUpdater(final String storeName, final Runnable applied) {
        this.storeName = storeName;
        this.applied = applied;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, V> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        applied.run();
    }
}
