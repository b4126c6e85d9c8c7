package io.riberry.platform.query;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a request to the platform instance that owns the data. A forwarded request carries
 * {@value #FORWARDED_HEADER}, and is never forwarded again: if ownership moved meanwhile the
 * answer is 503, and the client retries.
 */
public final class RemoteQueries {

    public static final String FORWARDED_HEADER = "X-Riberry-Forwarded";

    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK client otherwise offers an h2c upgrade on every request, which the JDK server (and many registries) decline.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final String basePath;

    public RemoteQueries(final String basePath) {
        this.basePath = basePath;
    }

    public static boolean wasForwarded(final HttpRequest request) {
        return request.header(FORWARDED_HEADER.toLowerCase(java.util.Locale.ROOT)).isPresent();
    }

    /** Sends {@code request} as it came to {@code host} and relays the answer. */
    public HttpResponse forward(final HttpRequest request, final HostInfo host) {
        if (wasForwarded(request)) {
            throw ApiException.unavailable("data is moving between platform instances; retry shortly");
        }
        final String query = request.rawQuery() == null ? "" : request.rawQuery();
        final URI uri = URI.create("http://" + host.host() + ":" + host.port() + basePath + request.path()
                + (query.isEmpty() ? "" : "?" + query));
        final java.net.http.HttpRequest.Builder outgoing = java.net.http.HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header(FORWARDED_HEADER, "1")
                .method(request.method(), request.body().length == 0
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.header("content-type").ifPresent(type -> outgoing.header("Content-Type", type));
        try {
            final java.net.http.HttpResponse<byte[]> answer = http.send(outgoing.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            final String type = answer.headers().firstValue("Content-Type").orElse(HttpResponse.JSON);
            HttpResponse relayed = HttpResponse.bytes(answer.statusCode(), answer.body(), type);
            final Optional<String> retryAfter = answer.headers().firstValue("Retry-After");
            if (retryAfter.isPresent()) {
                relayed = relayed.withHeader("Retry-After", retryAfter.get());
            }
            return relayed;
        } catch (IOException e) {
            throw ApiException.unavailable("platform instance " + host.host() + ":" + host.port() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }

    /** Forwards a GET whose answer may be large, streaming the owner's body through instead of buffering it. */
    public HttpResponse forwardStreaming(final HttpRequest request, final HostInfo host) {
        if (wasForwarded(request)) {
            throw ApiException.unavailable("data is moving between platform instances; retry shortly");
        }
        final URI uri = URI.create("http://" + host.host() + ":" + host.port() + basePath + request.path()
                + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
        try {
            final java.net.http.HttpResponse<java.io.InputStream> answer = http.send(java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).header(FORWARDED_HEADER, "1").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            answer.headers().firstValue("Content-Type").ifPresent(v -> headers.put("Content-Type", v));
            answer.headers().firstValue("Content-Disposition").ifPresent(v -> headers.put("Content-Disposition", v));
            answer.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
            final long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1L);
            return new HttpResponse(answer.statusCode(), headers, length, out -> {
                try (java.io.InputStream in = answer.body()) {
                    in.transferTo(out);
                }
            });
        } catch (IOException e) {
            throw ApiException.unavailable("platform instance " + host.host() + ":" + host.port() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }

    /** GETs {@code pathAndQuery} (under the API base path) from another instance and parses its JSON answer. */
    public com.fasterxml.jackson.databind.JsonNode getJson(final HostInfo host, final String pathAndQuery) {
        final URI uri = URI.create("http://" + host.host() + ":" + host.port() + basePath + pathAndQuery);
        try {
            final java.net.http.HttpResponse<byte[]> answer = http.send(java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).header(FORWARDED_HEADER, "1").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 404) {
                return null;
            }
            if (answer.statusCode() != 200) {
                throw ApiException.unavailable("platform instance " + host.host() + ":" + host.port() + " answered " + answer.statusCode());
            }
            return io.riberry.platform.http.Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw ApiException.unavailable("platform instance " + host.host() + ":" + host.port() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + host.host() + ":" + host.port());
        }
    }
}
