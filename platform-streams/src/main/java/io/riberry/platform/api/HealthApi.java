package io.riberry.platform.api;

import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** {@code GET /health}: 200 when the platform can answer queries (RUNNING), 503 with the Streams state otherwise. */
public final class HealthApi {

    private final KafkaStreams streams;

    public HealthApi(final KafkaStreams streams) {
        this.streams = streams;
    }

    public HttpResponse health(final HttpRequest request) {
        final KafkaStreams.State state = streams.state();
        final boolean ready = state == KafkaStreams.State.RUNNING;
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("streams", state.name());
        final HttpResponse response = HttpResponse.json(ready ? 200 : 503, body);
        return ready ? response : response.withHeader("Retry-After", "1");
    }
}
