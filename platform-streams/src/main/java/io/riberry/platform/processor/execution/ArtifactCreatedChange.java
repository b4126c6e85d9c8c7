package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ArtifactKeys;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ExecutionRecord;

/** A worker finished sending an artifact's chunks: keep its metadata with the execution and tell the chunk side what to expect. */
public final class ArtifactCreatedChange extends WorkerEventChange {

    private final ArtifactCreated artifact;
    private final ExecutionStores stores;

    public ArtifactCreatedChange(final WorkflowEvent event, final ArtifactCreated artifact, final ExecutionStores stores) {
        super(event);
        this.artifact = artifact;
        this.stores = stores;
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        if (artifact.getSize() < 0 || artifact.getChunkCount() < 0 || (artifact.getSize() > 0 && artifact.getChunkCount() == 0)) {
            return ChangeOutcome.rejected(Rejection.INVALID, "artifact " + artifact.getArtifactId() + " has an impossible size " + artifact.getSize()
                    + " in " + artifact.getChunkCount() + " chunks");
        }
        final ArtifactManifest manifest = new ArtifactManifest(artifact.getArtifactId(), event.getExecutionId(), artifact,
                event.getOccurredAt());
        stores.artifacts().put(ArtifactKeys.ofExecution(event.getExecutionId(), artifact.getArtifactId()), manifest);
        stores.manifests().accept(manifest);
        return ChangeOutcome.unchanged();
    }
}
