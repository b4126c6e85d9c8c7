package io.riberry.platform.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ContentDisposition;
import io.riberry.platform.http.ContentTypes;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.ArtifactStatus;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The chunk side of artifacts, keyed by artifact id: what arrived and whether it is complete, and
 * the bytes, streamed in chunk order from whichever replica holds them, never held in memory.
 */
public final class ArtifactQueries {

    /** The internal operation that streams an artifact's bytes. */
    public static final String CONTENT_OPERATION = "artifact-content";

    private final QueryEngine engine;
    private final KeyedQuery<ArtifactStatus> status;

    public ArtifactQueries(final QueryEngine engine) {
        this.engine = engine;
        this.status = engine.register(new KeyedQuery<>("artifact-status", StoreNames.ARTIFACTS, Codec.avro(ArtifactStatus.class),
                (stores, artifactId) -> stores.<ArtifactStatus>store(StoreNames.ARTIFACTS).get(artifactId)));
    }

    public Answers<ArtifactStatus> status(final String artifactId) {
        return engine.get(status, artifactId);
    }

    /** Several artifacts' statuses: one call per replica that holds any of them. */
    public Answers<ArtifactStatus> statuses(final Collection<String> artifactIds) {
        return engine.get(status, artifactIds);
    }

    /**
     * The artifact's bytes as an answer: from this replica's stores when it runs the artifact
     * actively, else streamed through from the replica that does (or, when that one does not
     * answer, from a standby copy, complete or 409 like any other).
     */
    public ApiResponse content(final String artifactId) {
        final StoreAccess.Location location = engine.stores().locate(StoreNames.ARTIFACTS, artifactId);
        if (location.active() != null && engine.stores().isSelf(location.active())) {
            return localContent(artifactId, false);
        }
        final ObjectNode arguments = Json.MAPPER.createObjectNode().put("key", artifactId);
        if (location.active() != null) {
            try {
                return engine.replicas().stream(location.active(), CONTENT_OPERATION, arguments.put("stale", false));
            } catch (Replicas.ReplicaUnavailableException e) {
                // Fall through to the standby copies.
            }
        }
        if (location.standbys().contains(engine.stores().self())) {
            return localContent(artifactId, true).withHeader(StaleAnswers.HEADER, "true");
        }
        for (HostInfo standby : location.standbys()) {
            try {
                final ApiResponse answer = engine.replicas().stream(standby, CONTENT_OPERATION, arguments.put("stale", true));
                if (answer.status() == 404) {
                    throw ApiException.unavailable("artifact " + artifactId + " is not on a standby copy yet; retry shortly");
                }
                return answer.withHeader(StaleAnswers.HEADER, "true");
            } catch (Replicas.ReplicaUnavailableException e) {
                // Try the next copy.
            }
        }
        throw ApiException.unavailable("no replica that holds artifact " + artifactId + " answers; retry shortly");
    }

    /**
     * The internal path's side of {@link #content}: this replica's copy, or 503 when it holds none
     * (the artifact moved meanwhile).
     */
    public ApiResponse localContent(final String artifactId, final boolean staleAllowed) {
        final StoreAccess stores = engine.stores();
        if (!stores.ownsActively(StoreNames.ARTIFACTS, artifactId) && !(staleAllowed && stores.holds(StoreNames.ARTIFACTS, artifactId))) {
            throw ApiException.unavailable("artifact " + artifactId + " is moving between platform replicas; retry shortly");
        }
        final StoreAccess.LocalStores local = stores.local(staleAllowed);
        final ArtifactStatus status = local.<ArtifactStatus>store(StoreNames.ARTIFACTS).get(artifactId);
        if (status == null) {
            // A standby may not have caught up with its active yet.
            throw staleAllowed ? ApiException.unavailable("artifact " + artifactId + " is not on this standby copy yet; retry shortly")
                    : ApiException.notFound("no artifact " + artifactId);
        }
        if (!ArtifactStatuses.isComplete(status)) {
            throw new ApiException(409, "incomplete", "artifact " + artifactId + " is incomplete: " + status.getReceivedChunks()
                    + " chunks (" + status.getReceivedBytes() + " bytes) arrived"
                    + (status.getManifest() == null ? ", and its metadata has not" : " of " + status.getManifest().getArtifact().getChunkCount()));
        }
        final ReadOnlyKeyValueStore<String, byte[]> chunks = local.store(StoreNames.ARTIFACT_CHUNKS);
        final String filename = status.getManifest().getArtifact().getFilename();
        final ApiResponse.BodyWriter body = out -> {
            try (KeyValueIterator<String, byte[]> it = chunks.range(ArtifactKeys.chunk(artifactId, 0), ArtifactKeys.lastChunk(artifactId))) {
                while (it.hasNext()) {
                    final KeyValue<String, byte[]> chunk = it.next();
                    out.write(chunk.value);
                }
            }
        };
        return new ApiResponse(200, Map.of("Content-Type", ContentTypes.ofFilename(filename),
                "Content-Disposition", ContentDisposition.attachment(filename)),
                status.getManifest().getArtifact().getSize(), body);
    }
}
