package io.riberry.platform.processor;

import io.riberry.schema.internal.ArtifactStatus;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reading the chunk side's view of an artifact. */
public final class ArtifactStatuses {

    private ArtifactStatuses() {
    }

    /** The stored status, or an empty one: chunks may arrive before the manifest, and the other way round. */
    static ArtifactStatus of(final ReadOnlyKeyValueStore<String, ArtifactStatus> store, final String artifactId) {
        final ArtifactStatus stored = store.get(artifactId);
        return stored != null ? stored : new ArtifactStatus(artifactId, null, 0, 0L);
    }

    /** Every chunk the manifest announced arrived, adding up to its size. */
    public static boolean isComplete(final ArtifactStatus status) {
        return status.getManifest() != null
                && status.getReceivedChunks() == status.getManifest().getArtifact().getChunkCount()
                && status.getReceivedBytes() == status.getManifest().getArtifact().getSize();
    }
}
