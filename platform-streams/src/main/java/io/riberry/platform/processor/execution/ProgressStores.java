package io.riberry.platform.processor.execution;

import io.riberry.schema.StreamState;
import io.riberry.schema.internal.StepRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** The stores a stream or step event changes besides the execution itself. */
public record ProgressStores(KeyValueStore<String, StreamState> streams, KeyValueStore<String, StepRecord> steps) {
}
