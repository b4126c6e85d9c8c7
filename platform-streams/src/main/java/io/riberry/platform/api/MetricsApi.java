package io.riberry.platform.api;

import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.metrics.RiberryMetrics;

/** {@code GET /metrics}: this replica's metrics in the Prometheus text format (the series are described in docs/metrics.md). */
public final class MetricsApi {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final RiberryMetrics metrics;

    public MetricsApi(final RiberryMetrics metrics) {
        this.metrics = metrics;
    }

    public ApiResponse metrics(final ApiRequest request) {
        return ApiResponse.text(200, metrics.scrape(), CONTENT_TYPE);
    }
}
