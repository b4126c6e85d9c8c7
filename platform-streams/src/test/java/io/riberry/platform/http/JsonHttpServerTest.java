package io.riberry.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.auth.Authentication;
import io.riberry.topics.RecordLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server on its own: hostile and malformed clients get JSON answers and cannot starve the others. */
class JsonHttpServerTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private JsonHttpServer server;

    @BeforeEach
    void start() {
        server = JsonHttpServer.start("test-api", "127.0.0.1", 0, 4);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void shouldAnswer503WithRetryAfterUntilRoutesAreAttached() throws Exception {
        final java.net.http.HttpResponse<String> answer = get("/api/v1/health");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.body()).contains("\"error\":\"unavailable\"");
    }

    @Test
    void shouldAnswerOnceRoutesAreAttachedAnd404ElsewhereInJson() throws Exception {
        serveEcho();

        assertThat(get("/api/v1/echo").body()).isEqualTo("{\"echo\":0}");
        final java.net.http.HttpResponse<String> missing = get("/elsewhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void shouldKeepAnsweringWhileManyClientsSendHalfARequest() throws Exception {
        serveEcho();
        for (int i = 0; i < 50; i++) {
            final Socket socket = new Socket("127.0.0.1", server.port());
            sockets.add(socket);
            socket.getOutputStream().write("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        final java.net.http.HttpResponse<String> answer = get("/api/v1/echo");

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepAnsweringWhileClientsDribbleTheirBodies() throws Exception {
        serveEcho();
        for (int i = 0; i < 20; i++) {
            final Socket socket = new Socket("127.0.0.1", server.port());
            sockets.add(socket);
            final OutputStream out = socket.getOutputStream();
            out.write("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        final java.net.http.HttpResponse<String> answer = get("/api/v1/echo");

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer413ToABodyOverTheLimit() throws Exception {
        serveEcho();

        final java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/echo"))
                .POST(BodyPublishers.ofByteArray(new byte[RecordLimits.MAX_REQUEST_BYTES + 1])).build(), BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void shouldAnswer413ToAChunkedBodyOverTheLimit() throws Exception {
        serveEcho();

        final java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/echo"))
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[RecordLimits.MAX_REQUEST_BYTES + 1])))
                .build(), BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void shouldAnswer431ToHeadersOverTheLimitInJson() throws Exception {
        serveEcho();

        final java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/echo"))
                .header("X-Padding", "p".repeat(JsonHttpServer.MAX_HEADER_BYTES + 1)).GET().build(), BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(431);
        assertThat(answer.body()).contains("\"error\":\"headers_too_large\"");
    }

    @Test
    void shouldAnswer414ToARequestLineOverTheLimitInJson() throws Exception {
        serveEcho();

        final java.net.http.HttpResponse<String> answer = get("/api/v1/echo?q=" + "q".repeat(JsonHttpServer.MAX_HEADER_BYTES + 1));

        assertThat(answer.statusCode()).isEqualTo(414);
        assertThat(answer.body()).contains("\"error\":\"uri_too_long\"");
    }

    @Test
    void shouldDecodeAnEncodedSlashInAPathParameter() throws Exception {
        server.serve("/api/v1", new Router().add("GET", "/names/{name}", request -> ApiResponse.json(200, Map.of("name",
                request.pathParam("name")))), JsonHttpServer::apiErrorBody, ApiResponse.JSON, Authentication.disabled());

        assertThat(get("/api/v1/names/a%2Fb%20c").body()).isEqualTo("{\"name\":\"a/b c\"}");
    }

    private void serveEcho() {
        server.serve("/api/v1", new Router()
                        .add("GET", "/echo", request -> ApiResponse.json(200, Map.of("echo", request.body().length)))
                        .add("POST", "/echo", request -> ApiResponse.json(200, Map.of("echo", request.body().length))),
                JsonHttpServer::apiErrorBody, ApiResponse.JSON, Authentication.disabled());
    }

    private java.net.http.HttpResponse<String> get(final String path) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                BodyHandlers.ofString());
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
