package io.riberry.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One server-sent-events stream of the dashboard, read as a browser's EventSource would: each event with its JSON data, in order. */
public final class LiveEvents implements AutoCloseable {

    /** One event: its name and its data. */
    public record Event(String name, JsonNode data) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private final java.util.Set<Event> answered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private LiveEvents(final HttpResponse<InputStream> response) {
        this.response = response;
        final Thread reader = new Thread(this::read, "live-events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with {@code token} as a bearer token; the answer must be a 200 event stream. */
    public static LiveEvents open(final String url, final String token) {
        final HttpResponse<InputStream> response = request(url, token);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return new LiveEvents(response);
    }

    /** The status a request for the stream is answered with (for refusals); the body is discarded. */
    public static int statusOf(final String url, final String token) {
        final HttpResponse<InputStream> response = request(url, token);
        try (InputStream body = response.body()) {
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<InputStream> request(final String url, final String token) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /**
     * The first event not yet answered for which {@code wanted} holds, waiting for it up to
     * {@code timeout}: events arrive in the server's order, but a test may await them in another.
     */
    public Event await(final Duration timeout, final String what, final Predicate<Event> wanted) {
        for (Event earlier : seen) {
            if (!answered.contains(earlier) && wanted.test(earlier)) {
                answered.add(earlier);
                return earlier;
            }
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final Event next = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; events so far: " + seen);
                }
                seen.add(next);
                if (wanted.test(next)) {
                    answered.add(next);
                    return next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every event read so far, including those {@link #await} skipped and any not yet awaited. */
    public List<Event> all() {
        final List<Event> everything = new ArrayList<>(seen);
        everything.addAll(events);
        return everything;
    }

    /** Waits until the server ends the stream; fails after {@code timeout}. */
    public void awaitEnd(final Duration timeout) {
        try {
            if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the stream is still open after " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            final StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, Json.MAPPER.readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring("data: ".length()));
                }
            }
        } catch (IOException e) {
            // Closed.
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Already gone.
        }
    }
}
