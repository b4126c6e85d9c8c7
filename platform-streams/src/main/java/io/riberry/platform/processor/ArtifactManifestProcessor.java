package io.riberry.platform.processor;

import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ArtifactStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Chunk side, keyed by artifact id: records what the artifact's chunks must add up to. */
public final class ArtifactManifestProcessor implements Processor<String, ArtifactManifest, Void, Void> {

    private KeyValueStore<String, ArtifactStatus> artifacts;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        artifacts = context.getStateStore(StoreNames.ARTIFACTS);
    }

    @Override
    public void process(final Record<String, ArtifactManifest> record) {
        if (record.value() == null) {
            return;
        }
        final ArtifactStatus status = ArtifactStatuses.of(artifacts, record.value().getArtifactId());
        status.setManifest(record.value());
        artifacts.put(record.value().getArtifactId(), status);
    }
}
