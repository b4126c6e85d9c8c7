package io.riberry.platform.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON client of the platform's HTTP API, for the CLI and the tests. With a token, every
 * request carries {@code Authorization: Bearer <token>}; the token is never in a message.
 */
public final class ApiClient {

    /** An answer: its status and JSON body (an empty object when there was none). */
    public record Answer(int status, JsonNode body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** The error message of an error answer. */
        public String message() {
            return body.path("message").asText("HTTP " + status);
        }
    }

    /** How long a call may take, but a streamed download (whose body the caller reads at its own pace). */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK client otherwise offers an h2c upgrade on every request, which the JDK server (and many registries) decline.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    /** A client that presents no credentials. */
    public ApiClient(final String baseUrl) {
        this(baseUrl, null);
    }

    /** A client that presents {@code token} as a Bearer token on every request; none when it is null. */
    public ApiClient(final String baseUrl, final String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    /** The same API as another principal. */
    public ApiClient as(final String otherToken) {
        return new ApiClient(baseUrl, otherToken);
    }

    public Answer delete(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Whether requests carry a token. */
    public boolean hasToken() {
        return token != null;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Answer get(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** The raw body of a GET (for non-JSON answers such as /metrics). */
    public byte[] getText(final String path) {
        return exchange(authorized(HttpRequest.newBuilder(uri(path))).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A GET whose body is streamed (an artifact's content); the caller closes it and checks the status. */
    public HttpResponse<InputStream> getStream(final String path) {
        return exchange(authorized(HttpRequest.newBuilder(uri(path))).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public Answer post(final String path, final Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the request body: " + e.getMessage(), e);
        }
    }

    private URI uri(final String path) {
        return URI.create(baseUrl + path);
    }

    /** The builder with this client's credentials, for requests a caller builds itself (downloads). */
    public HttpRequest.Builder authorized(final HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Answer send(final HttpRequest.Builder request) {
        final HttpResponse<byte[]> response = exchange(authorized(request).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            final JsonNode body = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new ApiUnreachableException("the Riberry API at " + baseUrl + " failed: " + e.getMessage(), e);
        }
    }

    /** One exchange, its failures said the one way every call of this client says them. */
    private <T> HttpResponse<T> exchange(final HttpRequest request, final HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (ConnectException e) {
            throw new ApiUnreachableException("the Riberry API at " + baseUrl + " is not reachable (is `riberry dev` running?)", e);
        } catch (IOException e) {
            throw new ApiUnreachableException("the Riberry API at " + baseUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnreachableException("interrupted while calling " + baseUrl, e);
        }
    }

    /** The API could not be reached or answered garbage. */
    public static final class ApiUnreachableException extends RuntimeException {
        public ApiUnreachableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
