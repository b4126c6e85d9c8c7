package io.riberry.platform.live;

import io.riberry.platform.api.ExecutionsApi;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Router;
import io.riberry.platform.query.ExecutionQueries;

/**
 * The dashboard's live feeds, as server-sent events, behind the same gate as the API: {@code GET
 * /live/executions?form=&status=&instance=&application=} (the listing's changes), {@code GET
 * /live/executions/{id}} (one execution's), {@code GET /live/instances} (that instances changed).
 * Each first sends {@code ready}: from then on nothing is missed, so the page fetches what is
 * there now and applies the changes that follow.
 */
public final class LiveRoutes {

    private final LiveChanges live;
    private final ExecutionQueries executions;

    public LiveRoutes(final LiveChanges live, final ExecutionQueries executions) {
        this.live = live;
        this.executions = executions;
    }

    public Router addTo(final Router router) {
        return router
                .add("GET", "/live/executions", this::listing)
                .add("GET", "/live/executions/{id}", this::execution)
                .add("GET", "/live/instances", this::instances);
    }

    private ApiResponse listing(final ApiRequest request) {
        requireRoom();
        final var filters = ExecutionsApi.filtersOf(request);
        return ApiResponse.eventStream(sink -> live.followListing(sink, filters));
    }

    private ApiResponse execution(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        // Unlike a read that answers 404 itself, a stream of nothing would stay open forever: it must exist now.
        executions.execution(executionId).get(executionId).filter(execution -> request.access().canSeeForm(execution.getForm()))
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        requireRoom();
        return ApiResponse.eventStream(sink -> live.followExecution(sink, executionId));
    }

    private ApiResponse instances(final ApiRequest request) {
        requireRoom();
        return ApiResponse.eventStream(sink -> live.followInstances(sink));
    }

    private void requireRoom() {
        if (!live.hasRoom()) {
            throw ApiException.unavailable("too many live pages are open on this replica; retry shortly");
        }
    }
}
