package io.riberry.platform.live;

import io.riberry.platform.api.ExecutionsApi;
import io.riberry.platform.auth.Access;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Gate;
import io.riberry.platform.http.Router;
import io.riberry.platform.query.ExecutionQueries;
import java.util.Optional;
import java.util.Set;

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
    private final Gate gate;

    /** {@code gate} is the one the routes are mounted behind: an open stream's caller is checked by it again at each keep-alive. */
    public LiveRoutes(final LiveChanges live, final ExecutionQueries executions, final Gate gate) {
        this.live = live;
        this.executions = executions;
        this.gate = gate;
    }

    public Router addTo(final Router router) {
        return router
                .add("GET", "/live/executions", this::listing)
                .add("GET", "/live/executions/{id}", this::execution)
                .add("GET", "/live/instances", this::instances);
    }

    private ApiResponse listing(final ApiRequest request) {
        final LiveChanges.Caller caller = callerOf(request);
        final var filters = ExecutionsApi.filtersOf(request);
        return ApiResponse.eventStream(sink -> live.followListing(sink, filters, caller));
    }

    private ApiResponse execution(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        // Unlike a read that answers 404 itself, a stream of nothing would stay open forever: it must exist now.
        executions.execution(executionId).get(executionId).filter(execution -> request.access().canSeeForm(execution.getForm()))
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        final LiveChanges.Caller caller = callerOf(request);
        return ApiResponse.eventStream(sink -> live.followExecution(sink, executionId, caller));
    }

    private ApiResponse instances(final ApiRequest request) {
        final LiveChanges.Caller caller = callerOf(request);
        return ApiResponse.eventStream(sink -> live.followInstances(sink, request.access(), caller));
    }

    /**
     * Who asks, once there is room for another of their streams (503 otherwise, which the browser's
     * EventSource retries), and how to tell later that they may still listen: the same credential
     * still admitted, seeing the same forms. A platform that cannot check just now (503) is not a refusal.
     */
    private LiveChanges.Caller callerOf(final ApiRequest request) {
        final Access admitted = request.access();
        final String name = admitted.principal().subject();
        if (!live.hasRoomFor(name)) {
            throw ApiException.unavailable("too many live pages are open here (at most " + LiveChanges.MAX_STREAMS_PER_CALLER
                    + " per caller); close some and retry");
        }
        final Optional<Set<String>> visible = admitted.visibleForms();
        return new LiveChanges.Caller(name, () -> {
            try {
                return gate.admit(request).visibleForms().equals(visible);
            } catch (ApiException e) {
                return e.status() >= 500;
            }
        });
    }
}
