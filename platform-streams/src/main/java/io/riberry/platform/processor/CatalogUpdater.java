package io.riberry.platform.processor;

import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.CatalogEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global catalog store equal to the compacted catalog topic; a null value deletes. */
public final class CatalogUpdater implements Processor<String, CatalogEntry, Void, Void> {

    private KeyValueStore<String, CatalogEntry> catalog;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        catalog = context.getStateStore(StoreNames.CATALOG);
    }

    @Override
    public void process(final Record<String, CatalogEntry> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            catalog.delete(record.key());
        } else {
            catalog.put(record.key(), record.value());
        }
    }
}
