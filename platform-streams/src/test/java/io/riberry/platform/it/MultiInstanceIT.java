package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.PlatformService;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.platform.topology.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two platform instances share the partitions; either answers for any execution, and lists cover both. */
@ExtendWith(SharedKafka.class)
class MultiInstanceIT {

    @Test
    void shouldAnswerEveryQueryFromEitherInstance(@TempDir final Path first, @TempDir final Path second) {
        try (PlatformFixture fixture = PlatformFixture.start(first, Catalogs.demo())) {
            fixture.startWorker(Map.of("hello", ctx -> { }));
            final PlatformService peer = fixture.startPeer(second);
            final ApiClient one = fixture.api();
            final ApiClient two = fixture.api(peer);
            Eventually.await(Duration.ofSeconds(60), "both instances to own partitions", () ->
                    running(fixture.platform().streams()) && running(peer.streams())
                            && fixture.platform().streams().streamsMetadataForStore(StoreNames.EXECUTIONS).size() == 2);

            final List<String> executionIds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                final ApiClient answering = i % 2 == 0 ? one : two;
                executionIds.add(answering.post("/jobs", Map.of("form", "hello", "name", "spread-" + i, "inputs", Map.of("name", "n")))
                        .body().get("executionId").asText());
            }
            for (String id : executionIds) {
                Eventually.await(Duration.ofSeconds(60), id + " to succeed through both instances",
                        () -> "SUCCESS".equals(one.get("/executions/" + id).body().path("status").asText())
                                && "SUCCESS".equals(two.get("/executions/" + id).body().path("status").asText()));
            }

            assertThat(executionIds).anySatisfy(id -> assertThat(ownerPort(fixture.platform().streams(), id)).isEqualTo(port(one)))
                    .anySatisfy(id -> assertThat(ownerPort(fixture.platform().streams(), id)).isEqualTo(port(two)));
            assertThat(ids(one.get("/executions?form=hello&limit=1000").body())).containsExactlyInAnyOrderElementsOf(executionIds);
            assertThat(ids(two.get("/executions?form=hello&limit=1000").body())).containsExactlyInAnyOrderElementsOf(executionIds);
            assertThat(pagedIds(two, 7)).containsExactlyElementsOf(ids(one.get("/executions?form=hello&limit=1000").body()));
            // One replica owns the instance; the other asks it. Heartbeats move lastHeartbeatAt between the two calls.
            final JsonNode processes = withoutLastHeartbeat(one.get("/instances/" + Catalogs.INSTANCE).body().get("processes"));
            assertThat(processes).hasSize(1);
            assertThat(processes.get(0).get("forms")).extracting(JsonNode::asText).containsExactly("hello");
            assertThat(withoutLastHeartbeat(two.get("/instances/" + Catalogs.INSTANCE).body().get("processes"))).isEqualTo(processes);
        }
    }

    private static JsonNode withoutLastHeartbeat(final JsonNode processes) {
        final JsonNode copy = processes.deepCopy();
        copy.forEach(process -> ((ObjectNode) process).remove("lastHeartbeatAt"));
        return copy;
    }

    private static boolean running(final KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private static int ownerPort(final KafkaStreams streams, final String executionId) {
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.EXECUTIONS, executionId, new StringSerializer());
        return metadata.activeHost().port();
    }

    private static int port(final ApiClient api) {
        return java.net.URI.create(api.baseUrl()).getPort();
    }

    private static List<String> ids(final JsonNode page) {
        final List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("executionId").asText()));
        return ids;
    }

    private static List<String> pagedIds(final ApiClient api, final int pageSize) {
        final List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            final JsonNode page = api.get("/executions?form=hello&limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor)).body();
            ids.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
