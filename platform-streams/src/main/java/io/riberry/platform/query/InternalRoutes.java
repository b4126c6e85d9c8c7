package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Router;

/**
 * The internal path between replicas ({@value Replicas#INTERNAL_PATH}): each named query, answered
 * from this replica's own stores. Not part of the public API; its shape may change with any version.
 */
public final class InternalRoutes {

    private InternalRoutes() {
    }

    public static Router router(final QueryEngine engine, final ArtifactQueries artifacts) {
        return new Router()
                .add("POST", "/" + ArtifactQueries.CONTENT_OPERATION, request -> {
                    final JsonNode arguments = request.jsonBody();
                    return artifacts.localContent(arguments.path("key").asText(), arguments.path("stale").asBoolean(false));
                })
                .add("POST", "/{operation}", request -> ApiResponse.json(200, engine.answer(request.pathParam("operation"), request.jsonBody())));
    }
}
