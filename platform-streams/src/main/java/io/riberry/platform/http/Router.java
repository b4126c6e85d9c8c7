package io.riberry.platform.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches {@code METHOD /path/{param}} patterns to handlers. */
public final class Router {

    /** Answers one request; may throw {@link ApiException}. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    record Route(String method, String pattern, String[] segments, Handler handler, boolean open) {
    }

    record Match(Handler handler, Map<String, String> pathParams, boolean open) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route behind the mount's {@link Gate}: answered only for a caller it admits. */
    public Router add(final String method, final String pattern, final Handler handler) {
        routes.add(new Route(method, pattern, split(pattern), handler, false));
        return this;
    }

    /** A route anyone may call without credentials (health probes, the sign-in page); its handler sees no access. */
    public Router open(final String method, final String pattern, final Handler handler) {
        routes.add(new Route(method, pattern, split(pattern), handler, true));
        return this;
    }

    /** The handler for a request, or empty; {@code methodAllowed} tells 404 from 405. */
    Optional<Match> match(final String method, final String path) {
        final String[] segments = split(path);
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            final Map<String, String> params = bind(route.segments(), segments);
            if (params != null) {
                return Optional.of(new Match(route.handler(), params, route.open()));
            }
        }
        return Optional.empty();
    }

    /** The pattern of the route a request matches, e.g. {@code /executions/{id}}; empty when none does. */
    Optional<String> patternOf(final String method, final String path) {
        final String[] segments = split(path);
        return routes.stream().filter(r -> r.method().equals(method) && bind(r.segments(), segments) != null)
                .map(Route::pattern).findFirst();
    }

    boolean pathExists(final String path) {
        final String[] segments = split(path);
        return routes.stream().anyMatch(r -> bind(r.segments(), segments) != null);
    }

    private static Map<String, String> bind(final String[] pattern, final String[] segments) {
        if (pattern.length != segments.length) {
            return null;
        }
        final Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                params.put(pattern[i].substring(1, pattern[i].length() - 1), ApiRequest.decode(segments[i]));
            } else if (!pattern[i].equals(segments[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(final String path) {
        final String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
