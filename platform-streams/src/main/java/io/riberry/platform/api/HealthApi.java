package io.riberry.platform.api;

import io.riberry.platform.health.Readiness;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health by Kubernetes conventions. {@code GET /health/ready} (and {@code GET /health}): 200 when
 * this replica can serve, else 503 with every reason. {@code GET /health/live}: 200 unless Kafka
 * Streams has stopped for good, when only a restart helps.
 */
public final class HealthApi {

    private final Readiness readiness;

    public HealthApi(final Readiness readiness) {
        this.readiness = readiness;
    }

    public ApiResponse ready(final ApiRequest request) {
        final Readiness.Report report = readiness.report();
        final ApiResponse response = ApiResponse.json(report.ready() ? 200 : 503, body(report.ready(), report));
        return report.ready() ? response : response.withHeader("Retry-After", "1");
    }

    public ApiResponse live(final ApiRequest request) {
        final Readiness.Report report = readiness.report();
        return ApiResponse.json(report.live() ? 200 : 503, body(report.live(), report));
    }

    private static Map<String, Object> body(final boolean up, final Readiness.Report report) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streams", report.checks().get("streams"));
        body.put("checks", report.checks());
        if (!report.reasons().isEmpty()) {
            body.put("reasons", report.reasons());
        }
        return body;
    }
}
