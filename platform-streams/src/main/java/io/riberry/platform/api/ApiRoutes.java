package io.riberry.platform.api;

import io.riberry.platform.http.Router;

/** The HTTP API's routes under {@code /api/v1}. */
public final class ApiRoutes {

    public static final String BASE_PATH = "/api/v1";

    private ApiRoutes() {
    }

    public static Router router(final JobsApi jobs, final ExecutionsApi executions, final ArtifactsApi artifacts, final CatalogApi catalog,
                                final InstancesApi instances, final CommandsApi commands, final HealthApi health,
                                final MetricsApi metrics) {
        return new Router()
                .add("POST", "/jobs", jobs::submit)
                .add("GET", "/jobs/{jobId}", jobs::get)
                .add("GET", "/jobs/{jobId}/files/{name}", jobs::file)
                .add("POST", "/jobs/{jobId}/executions", commands::rerun)
                .add("GET", "/job-names/{name}", jobs::byName)
                .add("GET", "/executions", executions::list)
                .add("GET", "/executions/{id}", executions::get)
                .add("GET", "/executions/{id}/streams", executions::streams)
                .add("POST", "/executions/{id}/cancel", commands::cancel)
                .add("GET", "/executions/{id}/artifacts", artifacts::ofExecution)
                .add("GET", "/artifacts/{id}", artifacts::status)
                .add("GET", "/artifacts/{id}/content", artifacts::content)
                .add("GET", "/instances", instances::list)
                .add("GET", "/instances/{name}", instances::get)
                .add("GET", "/applications", catalog::applications)
                .add("GET", "/forms/{name}", catalog::form)
                .add("GET", "/health", health::health)
                .add("GET", "/metrics", metrics::metrics);
    }
}
