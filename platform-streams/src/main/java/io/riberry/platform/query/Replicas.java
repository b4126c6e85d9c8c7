package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The only client between replicas. A replica asks another on the internal path
 * ({@value #INTERNAL_PATH}, not part of the public API) to answer a named query from its own
 * stores; a failure of any kind is one {@link ReplicaUnavailableException}, which the query
 * layer turns into a read from a standby or a 503.
 */
public final class Replicas {

    public static final String INTERNAL_PATH = "/internal/v1";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Replicas.class);
    private volatile long lastRefusalWarning;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String bearerToken;
    private final HttpClient http = HttpClient.newBuilder()
            // HTTP/1.1: the JDK client otherwise offers an h2c upgrade on every request.
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    /** @param bearerToken the replicas' shared credential, presented on every call: the internal path answers only replicas */
    public Replicas(final String bearerToken) {
        this.bearerToken = bearerToken;
    }

    /** A replica that did not answer, or answered something other than an answer. */
    public static final class ReplicaUnavailableException extends RuntimeException {
        ReplicaUnavailableException(final String message, final Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Asks {@code host} to run {@code operation} with {@code arguments}; answers its JSON. */
    public JsonNode ask(final HostInfo host, final String operation, final JsonNode arguments) {
        try {
            final java.net.http.HttpResponse<byte[]> answer = http.send(request(host, operation, arguments),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 401) {
                warnRefused(host);
            }
            if (answer.statusCode() != 200) {
                throw new ReplicaUnavailableException(describe(host) + " answered " + operation + " with " + answer.statusCode(), null);
            }
            return Json.MAPPER.readTree(answer.body());
        } catch (IOException | IllegalArgumentException e) {
            throw new ReplicaUnavailableException(describe(host) + " did not answer " + operation + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaUnavailableException("interrupted while asking " + describe(host), e);
        }
    }

    /** Asks {@code host} for a body that may be large, streaming it through instead of holding it. */
    public ApiResponse stream(final HostInfo host, final String operation, final JsonNode arguments) {
        try {
            final java.net.http.HttpResponse<InputStream> answer = http.send(request(host, operation, arguments),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() == 401) {
                warnRefused(host);
            }
            if (answer.statusCode() >= 500 || answer.statusCode() == 401) {
                answer.body().close();
                throw new ReplicaUnavailableException(describe(host) + " answered " + operation + " with " + answer.statusCode(), null);
            }
            final Map<String, String> headers = new LinkedHashMap<>();
            for (String name : new String[] {"Content-Type", "Content-Disposition", "Retry-After"}) {
                answer.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
            }
            final long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1L);
            return new ApiResponse(answer.statusCode(), headers, length, out -> {
                try (InputStream in = answer.body()) {
                    in.transferTo(out);
                }
            });
        } catch (IOException | IllegalArgumentException e) {
            throw new ReplicaUnavailableException(describe(host) + " did not answer " + operation + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaUnavailableException("interrupted while asking " + describe(host), e);
        }
    }

    /** Once a minute at most: a replica refusing us is a configuration mistake someone must see, not a flood. */
    private void warnRefused(final HostInfo host) {
        final long now = System.currentTimeMillis();
        if (now - lastRefusalWarning > 60_000) {
            lastRefusalWarning = now;
            LOG.warn("{} refused this replica's credential (401): set the same auth.replica.secret on every replica", describe(host));
        }
    }

    private HttpRequest request(final HostInfo host, final String operation, final JsonNode arguments) throws IOException {
        return HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + INTERNAL_PATH + "/" + operation))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearerToken)
                .header("Content-Type", ApiResponse.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(arguments)))
                .build();
    }

    private static String describe(final HostInfo host) {
        return "platform replica " + host.host() + ":" + host.port();
    }
}
