package io.riberry.platform.http;

/** Hears of every request a server answered: for request metrics. */
@FunctionalInterface
public interface RequestObserver {

    RequestObserver NONE = (method, route, status, nanos) -> {
    };

    /**
     * @param route the matched route's pattern, e.g. {@code /executions/{id}}; null when no route matched
     * @param nanos from the request's arrival until its answer was written
     */
    void answered(String method, String route, int status, long nanos);
}
