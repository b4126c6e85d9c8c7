package io.riberry.platform.processor.execution;

import io.riberry.platform.store.ArtifactKeys;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.topics.ArtifactFilenames;
import io.riberry.topics.RecordLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker finished sending an artifact's chunks: keep its metadata with the execution and tell the chunk side what to expect.
 * A file name or display name the SDK would have refused (a path, a control character: a producer
 * other than the SDK sent it) is cleaned as {@link ArtifactFilenames} says and kept, so the bytes stay
 * downloadable, and the execution lists an anomaly quoting the original.
 */
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
        final List<String> cleaned = new ArrayList<>();
        final ArtifactCreated kept = cleaned(cleaned);
        final ArtifactManifest manifest = new ArtifactManifest(artifact.getArtifactId(), event.getExecutionId(), kept,
                event.getOccurredAt());
        stores.artifacts().put(ArtifactKeys.ofExecution(event.getExecutionId(), artifact.getArtifactId()), manifest);
        stores.manifests().accept(manifest);
        if (cleaned.isEmpty()) {
            return ChangeOutcome.unchanged();
        }
        return ChangeOutcome.applied(ExecutionRecords.withAnomaly(current, this,
                "artifact " + artifact.getArtifactId() + ": " + String.join("; ", cleaned), event.getOccurredAt()));
    }

    /** The artifact with a safe file name and display name; what was changed, and why, goes to {@code cleaned}. */
    private ArtifactCreated cleaned(final List<String> cleaned) {
        final String filename = artifact.getFilename();
        final String filenameProblem = ArtifactFilenames.filenameProblem(filename);
        final String safeFilename = filenameProblem == null ? filename
                : ArtifactFilenames.sanitise(filename, "artifact-" + artifact.getArtifactId());
        if (filenameProblem != null) {
            cleaned.add("filename " + quoted(filename) + " " + filenameProblem + "; kept as " + quoted(safeFilename));
        }
        final String name = artifact.getName();
        final String nameProblem = ArtifactFilenames.nameProblem(name);
        final String safeName = nameProblem == null ? name : ArtifactFilenames.sanitiseName(name, safeFilename);
        if (nameProblem != null) {
            cleaned.add("name " + quoted(name) + " " + nameProblem + "; kept as " + quoted(safeName));
        }
        if (cleaned.isEmpty()) {
            return artifact;
        }
        return ArtifactCreated.newBuilder(artifact).setFilename(safeFilename).setName(safeName).build();
    }

    /** A worker's text in a reason: short, and with its control characters shown rather than acted on. */
    private static String quoted(final String text) {
        return RecordLimits.quote(ArtifactFilenames.printable(text));
    }
}
