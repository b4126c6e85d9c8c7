package io.riberry.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import java.time.Duration;

/** Waiting on executions through the HTTP API, as a user would. */
public final class Executions {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Executions() {
    }

    /** The execution once it is SUCCESS or FAILURE. */
    public static JsonNode awaitFinished(final ApiClient api, final String executionId) {
        return Eventually.awaitValue(TIMEOUT, "execution " + executionId + " to finish", () -> {
            final JsonNode body = api.get("/executions/" + executionId).body();
            final String status = body.path("status").asText();
            return "SUCCESS".equals(status) || "FAILURE".equals(status) ? body : null;
        });
    }

    /** The execution once it is SUCCESS; fails the test if it ends FAILURE. */
    public static JsonNode awaitSuccess(final ApiClient api, final String executionId) {
        final JsonNode finished = awaitFinished(api, executionId);
        if (!"SUCCESS".equals(finished.get("status").asText())) {
            throw new AssertionError("execution " + executionId + " ended " + finished.get("status").asText() + ": " + finished.path("error"));
        }
        return finished;
    }
}
