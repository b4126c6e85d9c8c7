package io.riberry.platform.processor.execution;

import io.riberry.schema.Notification;
import io.riberry.schema.StreamState;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.StepRecord;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What worker events change besides the execution record: its streams, steps and artifacts, the
 * manifests handed to the chunk side, and the notifications raised.
 */
public record ExecutionStores(KeyValueStore<String, StreamState> streams,
                              KeyValueStore<String, StepRecord> steps,
                              KeyValueStore<String, ArtifactManifest> artifacts,
                              Consumer<ArtifactManifest> manifests,
                              Consumer<Notification> notifications) {
}
