package io.riberry.platform.api;

import io.riberry.platform.http.ApiException;
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

    /** The group whose members (a scraper's token: {@code riberry tokens create --subject prometheus --group metrics-readers}) read metrics. */
    public static final String READERS_GROUP = "metrics-readers";

    /**
     * Metrics name every form and instance, so they are for administrators and the metrics
     * readers' group only: anyone else would learn of forms they may not see.
     */
    public ApiResponse metrics(final ApiRequest request) {
        if (!request.access().administratorOr(READERS_GROUP)) {
            throw ApiException.forbidden("metrics are for administrators and members of the " + READERS_GROUP + " group");
        }
        return ApiResponse.text(200, metrics.scrape(), CONTENT_TYPE);
    }
}
