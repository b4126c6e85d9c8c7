package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ContentTypes;
import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.query.RemoteQueries;
import io.riberry.platform.query.StoreAccess;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ArtifactStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Artifacts: their metadata is kept with the execution; their chunks, and whether all arrived,
 * with the artifact id. {@code GET /executions/{id}/artifacts} joins both; {@code GET
 * /artifacts/{id}/content} streams the chunks in order, never holding the artifact in memory.
 */
public final class ArtifactsApi {

    private final StoreAccess stores;
    private final RemoteQueries remote;
    private final ExecutionsApi executions;

    public ArtifactsApi(final StoreAccess stores, final RemoteQueries remote, final ExecutionsApi executions) {
        this.stores = stores;
        this.remote = remote;
        this.executions = executions;
    }

    /** {@code GET /executions/{id}/artifacts}. */
    public HttpResponse ofExecution(final HttpRequest request) {
        final String executionId = request.pathParam("id");
        final HostInfo owner = stores.ownerOf(StoreNames.EXECUTIONS, executionId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        if (executions.localExecution(executionId).isEmpty()) {
            throw ApiException.notFound("no execution " + executionId);
        }
        final ReadOnlyKeyValueStore<String, ArtifactManifest> artifacts = stores.local(StoreNames.EXECUTION_ARTIFACTS);
        final List<ArtifactManifest> manifests = new ArrayList<>();
        try (KeyValueIterator<String, ArtifactManifest> it = artifacts.prefixScan(ArtifactKeys.executionPrefix(executionId), new StringSerializer())) {
            it.forEachRemaining(entry -> manifests.add(entry.value));
        }
        manifests.sort(Comparator.comparing(ArtifactManifest::getCreatedAt).thenComparing(ArtifactManifest::getArtifactId));
        final List<JsonNode> items = new ArrayList<>();
        for (ArtifactManifest manifest : manifests) {
            final ObjectNode item = describe(manifest);
            final JsonNode status = statusJson(manifest.getArtifactId());
            item.put("complete", status != null && status.path("complete").asBoolean());
            item.put("receivedBytes", status == null ? 0 : status.path("receivedBytes").asLong());
            items.add(item);
        }
        return HttpResponse.json(200, Map.of("items", items));
    }

    /** {@code GET /artifacts/{id}}: the chunk side's view: manifest, what arrived, complete or not. */
    public HttpResponse status(final HttpRequest request) {
        final String artifactId = request.pathParam("id");
        final HostInfo owner = stores.ownerOf(StoreNames.ARTIFACTS, artifactId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        final ArtifactStatus status = localStatus(artifactId);
        if (status == null) {
            throw ApiException.notFound("no artifact " + artifactId);
        }
        final ObjectNode body = status.getManifest() == null ? Json.MAPPER.createObjectNode().put("artifactId", artifactId)
                : describe(status.getManifest());
        body.put("complete", ArtifactStatuses.isComplete(status));
        body.put("receivedChunks", status.getReceivedChunks());
        body.put("receivedBytes", status.getReceivedBytes());
        return HttpResponse.json(200, body);
    }

    /** {@code GET /artifacts/{id}/content}: the bytes, in chunk order, with the filename's content type and the exact length. */
    public HttpResponse content(final HttpRequest request) {
        final String artifactId = request.pathParam("id");
        final HostInfo owner = stores.ownerOf(StoreNames.ARTIFACTS, artifactId);
        if (!stores.isSelf(owner)) {
            return remote.forwardStreaming(request, owner);
        }
        final ArtifactStatus status = localStatus(artifactId);
        if (status == null) {
            throw ApiException.notFound("no artifact " + artifactId);
        }
        if (!ArtifactStatuses.isComplete(status)) {
            throw new ApiException(409, "incomplete", "artifact " + artifactId + " is incomplete: " + status.getReceivedChunks()
                    + " chunks (" + status.getReceivedBytes() + " bytes) arrived"
                    + (status.getManifest() == null ? ", and its metadata has not" : " of " + status.getManifest().getArtifact().getChunkCount()));
        }
        final ReadOnlyKeyValueStore<String, byte[]> chunks = stores.local(StoreNames.ARTIFACT_CHUNKS);
        final long size = status.getManifest().getArtifact().getSize();
        final HttpResponse.BodyWriter body = out -> {
            try (KeyValueIterator<String, byte[]> it = chunks.range(ArtifactKeys.chunk(artifactId, 0), ArtifactKeys.lastChunk(artifactId))) {
                while (it.hasNext()) {
                    final KeyValue<String, byte[]> chunk = it.next();
                    out.write(chunk.value);
                }
            }
        };
        return new HttpResponse(200, Map.of("Content-Type", ContentTypes.ofFilename(status.getManifest().getArtifact().getFilename()),
                "Content-Disposition", "attachment; filename=\"" + status.getManifest().getArtifact().getFilename().replace("\"", "") + "\""),
                size, body);
    }

    private ArtifactStatus localStatus(final String artifactId) {
        final ReadOnlyKeyValueStore<String, ArtifactStatus> artifacts = stores.local(StoreNames.ARTIFACTS);
        return artifacts.get(artifactId);
    }

    /** The chunk side's status of an artifact, wherever it is kept; null when nothing of it arrived. */
    private JsonNode statusJson(final String artifactId) {
        final HostInfo owner = stores.ownerOf(StoreNames.ARTIFACTS, artifactId);
        if (!stores.isSelf(owner)) {
            return remote.getJson(owner, "/artifacts/" + artifactId);
        }
        final ArtifactStatus status = localStatus(artifactId);
        if (status == null) {
            return null;
        }
        return Json.MAPPER.createObjectNode().put("complete", ArtifactStatuses.isComplete(status)).put("receivedBytes", status.getReceivedBytes());
    }

    private static ObjectNode describe(final ArtifactManifest manifest) {
        final ObjectNode item = AvroJson.toJson(manifest.getArtifact());
        item.put("executionId", manifest.getExecutionId());
        item.put("createdAt", manifest.getCreatedAt().toString());
        item.put("contentUrl", ApiRoutes.BASE_PATH + "/artifacts/" + manifest.getArtifactId() + "/content");
        return item;
    }
}
