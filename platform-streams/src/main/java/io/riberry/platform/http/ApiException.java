package io.riberry.platform.http;

import java.util.List;

/** A request that gets a 4xx (or 503) answer: {@code {error, message, details?}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final List<String> details;

    public ApiException(final int status, final String error, final String message) {
        this(status, error, message, List.of());
    }

    public ApiException(final int status, final String error, final String message, final List<String> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
    }

    public static ApiException badRequest(final String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(final String message) {
        return new ApiException(404, "not_found", message);
    }

    /** No valid credentials: the client should authenticate (the answer carries {@code WWW-Authenticate}). */
    public static ApiException unauthorized(final String message) {
        return new ApiException(401, "unauthorized", message);
    }

    /** The principal may see the resource but not do this to it. */
    public static ApiException forbidden(final String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException unavailable(final String message) {
        return new ApiException(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<String> details() {
        return details;
    }
}
