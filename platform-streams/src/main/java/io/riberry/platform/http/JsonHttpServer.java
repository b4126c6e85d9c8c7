package io.riberry.platform.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server with routing and one place where failures become answers: an
 * {@link ApiException} keeps its status, a store that is migrating is 503 with
 * {@code Retry-After}, anything unexpected is logged and answered 500, never a dropped connection.
 */
public final class JsonHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every keep-alive answer. Read once, when the
        // server implementation first loads, so it must be set before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    /** Requests larger than this are refused before they are read into memory. */
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;

    private JsonHttpServer(final String name, final HttpServer server, final ExecutorService executor) {
        this.name = name;
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts a server with no routes yet, so its port is known before the routes' dependencies exist. */
    public static JsonHttpServer start(final String name, final String host, final int port, final int threads) {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
            final ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
                final Thread thread = new Thread(r, name + "-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            LOG.info("{} listening on http://{}:{}", name, host, server.getAddress().getPort());
            return new JsonHttpServer(name, server, executor);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves {@code router} under {@code basePath}. {@code errorBody} shapes an error answer's JSON
     * (the API and the schema registry answer errors differently).
     */
    public JsonHttpServer serve(final String basePath, final Router router, final Function<ApiException, Object> errorBody,
                                final String errorContentType) {
        server.createContext(basePath.isEmpty() ? "/" : basePath, exchange -> handle(exchange, basePath, router, errorBody, errorContentType));
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(final HttpExchange exchange, final String basePath, final Router router,
                               final Function<ApiException, Object> errorBody, final String errorContentType) {
        HttpResponse response;
        try {
            response = route(exchange, basePath, router);
        } catch (ApiException e) {
            response = HttpResponse.json(e.status(), errorBody.apply(e), errorContentType);
            if (e.status() == 503) {
                response = response.withHeader("Retry-After", "1");
            }
        } catch (InvalidStateStoreException e) {
            response = HttpResponse.json(503, errorBody.apply(ApiException.unavailable(
                    "the platform is rebalancing; retry shortly")), errorContentType).withHeader("Retry-After", "1");
        } catch (Exception e) {
            LOG.error("Unexpected failure answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = HttpResponse.json(500, errorBody.apply(new ApiException(500, "internal",
                    "unexpected error: " + e.getClass().getSimpleName())), errorContentType);
        }
        send(exchange, response);
    }

    private static HttpResponse route(final HttpExchange exchange, final String basePath, final Router router) throws Exception {
        final String fullPath = exchange.getRequestURI().getRawPath();
        final String path = fullPath.substring(Math.min(basePath.length(), fullPath.length()));
        final String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        final Optional<Router.Match> match = router.match(method, path);
        if (match.isEmpty()) {
            if (router.pathExists(path)) {
                throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path);
            }
            throw ApiException.notFound("no resource at " + path);
        }
        final Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        final HttpRequest request = new HttpRequest(method, path, exchange.getRequestURI().getRawQuery(),
                match.get().pathParams(), HttpRequest.parseQuery(exchange.getRequestURI().getRawQuery()), headers, readBody(exchange));
        return match.get().handler().handle(request);
    }

    private static byte[] readBody(final HttpExchange exchange) throws IOException {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared) > MAX_BODY_BYTES) {
                    throw new ApiException(413, "too_large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "too_large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void send(final HttpExchange exchange, final HttpResponse response) {
        try (exchange) {
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            // The JDK server's convention: -1 means no body, 0 means chunked (length unknown).
            final long length = response.contentLength();
            exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length < 0 ? 0 : length);
            if (length != 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    response.body().writeTo(out);
                }
            }
        } catch (IOException e) {
            LOG.debug("Client went away before the answer was written: {}", e.getMessage());
        }
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
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", name);
    }
}
