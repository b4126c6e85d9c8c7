package io.riberry.platform.query;

import io.riberry.platform.http.ApiResponse;

/** How an answer says it was read from a standby copy, which may lag its active by the last commits. */
public final class StaleAnswers {

    public static final String HEADER = "X-Riberry-Possibly-Stale";

    private StaleAnswers() {
    }

    public static ApiResponse mark(final ApiResponse response, final boolean possiblyStale) {
        return possiblyStale ? response.withHeader(HEADER, "true") : response;
    }
}
