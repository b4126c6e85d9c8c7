package io.riberry.platform.http;

import io.riberry.topics.RecordLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty serving {@link Router}s, with one place where failures become answers: an
 * {@link ApiException} keeps its status, a store that is migrating is 503 with
 * {@code Retry-After}, anything unexpected is logged and answered 500, never a dropped
 * connection; Jetty's own refusals (431 for headers, 414 for a request line over the limit) are
 * JSON too.
 *
 * <p>What protects the server from its clients: headers are read without a thread (a client that
 * sends half a request holds a connection, not a worker), a connection idle for
 * {@link #IDLE_TIMEOUT_MS} is closed, a body is read without a thread too, must arrive at
 * {@link #MIN_REQUEST_BYTES_PER_SECOND} and may be at most {@link RecordLimits#MAX_REQUEST_BYTES} (413 past that), and the request line
 * with its headers at most {@link #MAX_HEADER_BYTES}.
 */
public final class JsonHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);

    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final long IDLE_TIMEOUT_MS = 30_000;
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    /** A base path and what serves it. */
    private record Mount(String basePath, Router router, Function<ApiException, Object> errorBody, String errorContentType,
                         RequestObserver observer, Gate gate) {
    }

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    private JsonHttpServer(final String name, final Server server, final ServerConnector connector) {
        this.name = name;
        this.server = server;
        this.connector = connector;
    }

    /**
     * Binds and starts a server with no routes yet, so its port is known before the routes'
     * dependencies exist. Until {@link #serve} is called every request is answered 503 with
     * {@code Retry-After}: the process is starting, not missing the resource.
     */
    public static JsonHttpServer start(final String name, final String host, final int port, final int threads) {
        final QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 8) + 4, 2);
        pool.setName(name + "-http");
        pool.setDaemon(true);
        final Server server = new Server(pool);
        final HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        // Path parameters are decoded segment by segment by the Router, so an encoded slash in a job
        // name is a character of the name, not a separator.
        http.setUriCompliance(UriCompliance.DEFAULT.with("riberry", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        // One acceptor and one selector: two cores serve a few hundred connections without more.
        final ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        final JsonHttpServer jsonServer = new JsonHttpServer(name, server, connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(final Request request, final Response response, final Callback callback) {
                jsonServer.readThenHandle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw new IllegalStateException("Cannot start " + name + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("{} listening on http://{}:{}", name, host, connector.getLocalPort());
        return jsonServer;
    }

    /**
     * Serves {@code router} under {@code basePath}. {@code errorBody} shapes an error answer's JSON
     * (the API and the schema registry answer errors differently).
     */
    public JsonHttpServer serve(final String basePath, final Router router, final Function<ApiException, Object> errorBody,
                                final String errorContentType, final Gate gate) {
        return serve(basePath, router, errorBody, errorContentType, RequestObserver.NONE, gate);
    }

    /**
     * As {@link #serve(String, Router, Function, String, Gate)}, telling {@code observer} of every
     * request answered under {@code basePath}. Every route but the router's open ones is answered
     * only for a caller {@code gate} admits; a path no route matches is 404 only for an admitted
     * caller (others learn nothing of what exists).
     */
    public JsonHttpServer serve(final String basePath, final Router router, final Function<ApiException, Object> errorBody,
                                final String errorContentType, final RequestObserver observer, final Gate gate) {
        mounts.add(new Mount(basePath, router, errorBody, errorContentType, observer, gate));
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Reads the body without a thread (a slow client holds a connection, not a worker), then
     * answers on the pool: a handler only ever runs with its whole request in hand.
     */
    private void readThenHandle(final Request request, final Response response, final Callback callback) {
        final long arrived = System.nanoTime();
        if (request.getLength() > RecordLimits.MAX_REQUEST_BYTES) {
            server.getThreadPool().execute(() -> handle(request, response, callback, arrived, null, tooLarge()));
            return;
        }
        Content.Source.asByteArrayAsync(request, RecordLimits.MAX_REQUEST_BYTES).whenComplete((body, failure) ->
                server.getThreadPool().execute(() -> handle(request, response, callback, arrived, body, unreadable(failure))));
    }

    private void handle(final Request request, final Response response, final Callback callback, final long arrived,
                        final byte[] body, final ApiException unreadable) {
        final String path = request.getHttpURI().getPath() == null ? "/" : request.getHttpURI().getPath();
        final Optional<Mount> mount = mounts.stream().filter(m -> path.equals(m.basePath()) || path.startsWith(m.basePath() + "/")
                || m.basePath().isEmpty()).findFirst();
        final Function<ApiException, Object> errorBody = mount.map(Mount::errorBody).orElse(JsonHttpServer::apiErrorBody);
        final String errorContentType = mount.map(Mount::errorContentType).orElse(ApiResponse.JSON);
        ApiResponse answer;
        try {
            if (mount.isEmpty()) {
                throw mounts.isEmpty() ? ApiException.unavailable(name + " is starting; retry shortly")
                        : ApiException.notFound("no resource at " + path);
            }
            if (unreadable != null) {
                throw unreadable;
            }
            answer = route(request, path.substring(mount.get().basePath().length()), mount.get(), body);
        } catch (ApiException e) {
            answer = ApiResponse.json(e.status(), errorBody.apply(e), errorContentType);
            if (e.status() == 503) {
                answer = answer.withHeader("Retry-After", "1");
            }
            if (e.status() == 401) {
                answer = answer.withHeader("WWW-Authenticate", "Bearer realm=\"riberry\"");
            }
        } catch (InvalidStateStoreException e) {
            answer = ApiResponse.json(503, errorBody.apply(ApiException.unavailable(
                    "the platform is rebalancing; retry shortly")), errorContentType).withHeader("Retry-After", "1");
        } catch (Exception e) {
            LOG.error("Unexpected failure answering {} {}", request.getMethod(), RecordLimits.truncate(path, RecordLimits.MAX_NAME_CHARS), e);
            answer = ApiResponse.json(500, errorBody.apply(new ApiException(500, "internal",
                    "unexpected error: " + e.getClass().getSimpleName())), errorContentType);
        }
        send(answer, response, callback);
        if (mount.isPresent() && mount.get().observer() != RequestObserver.NONE) {
            final String method = request.getMethod().toUpperCase(Locale.ROOT);
            final String route = mount.get().router().patternOf(method, path.substring(mount.get().basePath().length())).orElse(null);
            mount.get().observer().answered(method, route, answer.status(), System.nanoTime() - arrived);
        }
    }

    private static ApiResponse route(final Request request, final String path, final Mount mount, final byte[] body)
            throws Exception {
        final String method = request.getMethod().toUpperCase(Locale.ROOT);
        final Optional<Router.Match> match = mount.router().match(method, path);
        final Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach(field -> headers.putIfAbsent(field.getLowerCaseName(), field.getValue()));
        final HttpURI uri = request.getHttpURI();
        final ApiRequest parsed = new ApiRequest(method, path, uri.getQuery(), match.map(Router.Match::pathParams).orElse(Map.of()),
                ApiRequest.parseQuery(uri.getQuery()), headers, body, null);
        if (match.isPresent() && match.get().open()) {
            return match.get().handler().handle(parsed);
        }
        final ApiRequest admitted = parsed.admittedAs(mount.gate().admit(parsed));
        if (match.isEmpty()) {
            if (mount.router().pathExists(path)) {
                throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path);
            }
            throw ApiException.notFound("no resource at " + RecordLimits.truncate(path, RecordLimits.MAX_NAME_CHARS));
        }
        return match.get().handler().handle(admitted);
    }

    /** Why a body could not be read, as an answer (no internal detail); null when it was. Jetty wraps the cause in a CompletionException. */
    private static ApiException unreadable(final Throwable failure) {
        if (failure == null) {
            return null;
        }
        final Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        // Jetty 12.1 says a body went over the maximum with an IllegalStateException "Max size (...) exceeded".
        final boolean overMaximum = cause instanceof IllegalArgumentException
                || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Max size"));
        return overMaximum ? tooLarge() : ApiException.badRequest("the request body could not be read");
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "too_large", "request bodies are limited to " + RecordLimits.MAX_REQUEST_BYTES + " bytes");
    }

    private static void send(final ApiResponse answer, final Response response, final Callback callback) {
        response.setStatus(answer.status());
        // Nothing we answer is to be sniffed into another type (a JSON error quoting HTML is not a page).
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (answer.contentLength() >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.contentLength());
        }
        if (answer.body() instanceof ApiResponse.EventStream events) {
            // The exchange stays open, without a thread: the sink completes it when the stream ends.
            events.opened(new EventSink(response, callback));
            return;
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            if (answer.contentLength() != 0) {
                answer.body().writeTo(out);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the answer was written: {}", e.getMessage());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** The API's error body: {@code {error, message, details?}}. */
    public static Object apiErrorBody(final ApiException e) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            body.put("details", List.copyOf(e.details()));
        }
        return body;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", name, e.toString());
        }
        LOG.info("{} stopped", name);
    }

    /** Jetty's own refusals (bad request line, headers too large, ...) as JSON, like every other answer. */
    private static final class JsonErrorHandler extends ErrorHandler {

        @Override
        public boolean handle(final Request request, final Response response, final Callback callback) {
            final int status = response.getStatus() > 0 ? response.getStatus() : 500;
            final Object message = request.getAttribute(ERROR_MESSAGE);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
            response.write(true, json(status, message == null ? "" : message.toString()), callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(final int status, final String reason, final HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
            return json(status, reason == null ? "" : reason);
        }

        private static ByteBuffer json(final int status, final String message) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", switch (status) {
                case 413 -> "too_large";
                case 414 -> "uri_too_long";
                case 431 -> "headers_too_large";
                default -> status >= 500 ? "internal" : "bad_request";
            });
            body.put("message", "HTTP " + status + (message.isBlank() ? "" : ": " + message));
            try {
                return ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(body));
            } catch (IOException e) {
                return ByteBuffer.wrap(("{\"error\":\"internal\",\"message\":\"HTTP " + status + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
