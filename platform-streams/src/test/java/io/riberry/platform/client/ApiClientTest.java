package io.riberry.platform.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The header the API client puts on each kind of request. The server only records it and answers
 * {@code {}}: whether the platform accepts the token is the platform's end-to-end test.
 */
class ApiClientTest {

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer recorder;

    @BeforeEach
    void startRecorder() throws IOException {
        recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recorder.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            final byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        recorder.start();
    }

    @AfterEach
    void stopRecorder() {
        recorder.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + recorder.getAddress().getPort() + "/api/v1";
    }

    @Test
    void shouldSendTheTokenAsBearerOnEveryKindOfRequest() throws IOException {
        final ApiClient api = new ApiClient(url(), "t0ken");

        api.get("/executions");
        api.post("/jobs", Map.of("form", "hello"));
        api.getText("/metrics");
        final HttpResponse<InputStream> download = api.getStream("/artifacts/a/content");
        try (InputStream in = download.body()) {
            in.readAllBytes();
        }

        assertThat(api.hasToken()).isTrue();
        assertThat(authorizations).containsExactly("Bearer t0ken", "Bearer t0ken", "Bearer t0ken", "Bearer t0ken");
    }

    @Test
    void shouldSendNoAuthorizationWithoutAToken() {
        new ApiClient(url()).get("/executions");
        new ApiClient(url(), " ").get("/executions");

        assertThat(authorizations).containsExactly("null", "null");
    }
}
