package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.processor.ArtifactStatuses;
import io.riberry.platform.query.Answers;
import io.riberry.platform.query.ArtifactQueries;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.StaleAnswers;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ArtifactStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Artifacts: their metadata is kept with the execution; their chunks, and whether all arrived,
 * with the artifact id. {@code GET /executions/{id}/artifacts} joins both; {@code GET
 * /artifacts/{id}/content} streams the chunks in order, never holding the artifact in memory.
 */
public final class ArtifactsApi {

    private final ExecutionQueries executions;
    private final ArtifactQueries artifacts;

    public ArtifactsApi(final ExecutionQueries executions, final ArtifactQueries artifacts) {
        this.executions = executions;
        this.artifacts = artifacts;
    }

    /** {@code GET /executions/{id}/artifacts}. */
    public ApiResponse ofExecution(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        Visibility.requireExecution(request.access(), executions, executionId);
        final Answers<List<ArtifactManifest>> found = executions.artifacts(executionId);
        final List<ArtifactManifest> manifests = found.get(executionId).orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        final Answers<ArtifactStatus> statuses = artifacts.statuses(manifests.stream().map(ArtifactManifest::getArtifactId).toList());
        final List<JsonNode> items = new ArrayList<>();
        for (ArtifactManifest manifest : manifests) {
            final ObjectNode item = describe(manifest);
            final ArtifactStatus status = statuses.get(manifest.getArtifactId()).orElse(null);
            item.put("complete", status != null && ArtifactStatuses.isComplete(status));
            item.put("receivedBytes", status == null ? 0 : status.getReceivedBytes());
            items.add(item);
        }
        return StaleAnswers.mark(ApiResponse.json(200, Map.of("items", items)), found.possiblyStale() || statuses.possiblyStale());
    }

    /** {@code GET /artifacts/{id}}: the chunk side's view: manifest, what arrived, complete or not. */
    public ApiResponse status(final ApiRequest request) {
        final String artifactId = request.pathParam("id");
        final Answers<ArtifactStatus> found = artifacts.status(artifactId);
        final ArtifactStatus status = found.get(artifactId).orElseThrow(() -> ApiException.notFound("no artifact " + artifactId));
        Visibility.requireArtifact(request.access(), executions, artifactId, status);
        final ObjectNode body = status.getManifest() == null ? Json.MAPPER.createObjectNode().put("artifactId", artifactId)
                : describe(status.getManifest());
        body.put("complete", ArtifactStatuses.isComplete(status));
        body.put("receivedChunks", status.getReceivedChunks());
        body.put("receivedBytes", status.getReceivedBytes());
        return StaleAnswers.mark(ApiResponse.json(200, body), found.possiblyStale());
    }

    /** {@code GET /artifacts/{id}/content}: the bytes, in chunk order, with the filename's content type and the exact length. */
    public ApiResponse content(final ApiRequest request) {
        final String artifactId = request.pathParam("id");
        if (!request.access().administrator()) {
            final ArtifactStatus status = artifacts.status(artifactId).get(artifactId)
                    .orElseThrow(() -> ApiException.notFound("no artifact " + artifactId));
            Visibility.requireArtifact(request.access(), executions, artifactId, status);
        }
        final ApiResponse content = artifacts.content(artifactId);
        if (content.status() != 200) {
            return content;
        }
        // A worker's bytes: downloaded, never run as a page in the platform's origin (whichever replica streamed them).
        final String disposition = content.headers().getOrDefault("Content-Disposition", "");
        return content.withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .withHeader("Cache-Control", "private, no-store")
                .withHeader("Content-Disposition", disposition.isEmpty() ? "attachment" : disposition);
    }

    private static ObjectNode describe(final ArtifactManifest manifest) {
        final ObjectNode item = AvroJson.toJson(manifest.getArtifact());
        item.put("executionId", manifest.getExecutionId());
        item.put("createdAt", manifest.getCreatedAt().toString());
        item.put("contentUrl", ApiRoutes.BASE_PATH + "/artifacts/" + manifest.getArtifactId() + "/content");
        return item;
    }
}
