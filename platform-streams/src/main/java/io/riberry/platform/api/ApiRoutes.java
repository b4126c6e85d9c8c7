package io.riberry.platform.api;

import io.riberry.platform.health.Readiness;
import io.riberry.platform.http.Router;

/** The HTTP API's routes under {@code /api/v1}. */
public final class ApiRoutes {

    public static final String BASE_PATH = "/api/v1";

    private ApiRoutes() {
    }

    public static Router router(final JobsApi jobs, final ExecutionsApi executions, final ArtifactsApi artifacts, final CatalogApi catalog,
                                final InstancesApi instances, final CommandsApi commands, final Readiness readiness,
                                final MetricsApi metrics, final TokensApi tokens) {
        final HealthApi health = new HealthApi(readiness);
        return new Router()
                .add("POST", "/jobs", whenReady(readiness, jobs::submit))
                .add("GET", "/jobs/{jobId}", jobs::get)
                .add("GET", "/jobs/{jobId}/files/{name}", jobs::file)
                .add("POST", "/jobs/{jobId}/executions", whenReady(readiness, commands::rerun))
                .add("GET", "/job-names/{name}", jobs::byName)
                .add("GET", "/executions", executions::list)
                .add("GET", "/executions/{id}", executions::get)
                .add("GET", "/executions/{id}/streams", executions::streams)
                .add("POST", "/executions/{id}/cancel", whenReady(readiness, commands::cancel))
                .add("GET", "/executions/{id}/artifacts", artifacts::ofExecution)
                .add("GET", "/artifacts/{id}", artifacts::status)
                .add("GET", "/artifacts/{id}/content", artifacts::content)
                .add("GET", "/instances", instances::list)
                .add("GET", "/instances/{name}", instances::get)
                .add("GET", "/applications", catalog::applications)
                .add("GET", "/forms/{name}", catalog::form)
                .add("GET", "/forms", catalog::forms)
                .add("GET", "/tokens", tokens::list)
                .add("POST", "/tokens", tokens::create)
                .add("DELETE", "/tokens/{id}", tokens::revoke)
                .add("GET", "/whoami", tokens::whoami)
                // Probes carry no credentials: health answers anyone, and says nothing but up or down and why.
                .open("GET", "/health", health::ready)
                .open("GET", "/health/ready", health::ready)
                .open("GET", "/health/live", health::live)
                .add("GET", "/metrics", metrics::metrics);
    }

    /**
     * A write is accepted only by a ready replica: while the catalog loads, a job would be judged
     * against part of it and refused for good; a 503 tells the client to come back.
     */
    private static Router.Handler whenReady(final Readiness readiness, final Router.Handler write) {
        return request -> {
            readiness.requireReady();
            return write.handle(request);
        };
    }
}
