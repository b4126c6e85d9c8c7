package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.schema.JobSubmitted;
import io.riberry.serde.AvroSerdes;
import io.riberry.sdk.EntryPoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The platform stopped and started again on the same state keeps every execution and runs each job exactly once. */
@ExtendWith(SharedKafka.class)
class PlatformRestartIT {


    @TempDir
    Path stateDir;

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Test
    void shouldKeepEveryExecutionAndRunEachOnceAcrossARestartMidway() throws Exception {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final EntryPoint hello = ctx -> {
                runs.computeIfAbsent(ctx.executionId(), id -> new AtomicInteger()).incrementAndGet();
            };
            fixture.startWorker(Map.of("hello", hello));

            final List<String> before = publish(fixture, 30);
            final Map<String, String> createdBefore = new HashMap<>();
            for (String id : before) {
                createdBefore.put(id, awaitSuccess(fixture.api(), id).get("createdAt").asText());
            }

            final List<String> inFlight = publish(fixture, 30);
            fixture.stopPlatform();
            final List<String> whileDown = publish(fixture, 30);
            fixture.startPlatform();

            final List<String> all = new ArrayList<>(before);
            all.addAll(inFlight);
            all.addAll(whileDown);
            for (String id : all) {
                awaitSuccess(fixture.api(), id);
            }
            for (String id : before) {
                assertThat(fixture.api().get("/executions/" + id).body().get("createdAt").asText())
                        .as("created time of %s survives the restart", id).isEqualTo(createdBefore.get(id));
            }
            assertThat(runs).hasSize(90);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    private static List<String> publish(final PlatformFixture fixture, final int count) {
        final List<String> executionIds = new ArrayList<>();
        try (KafkaProducer<String, JobSubmitted> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), AvroSerdes.serde(JobSubmitted.class, SharedKafka.registryUrl()).serializer())) {
            for (int i = 0; i < count; i++) {
                final String jobId = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(fixture.topics().jobInputs(), jobId, JobSubmitted.newBuilder()
                        .setJobId(jobId).setForm("hello").setName("restart-" + jobId).setInputs(Map.of("name", "r" + i))
                        .setSubmittedAt(Instant.now()).build()));
                executionIds.add(ExecutionIds.of(jobId, 1));
            }
        }
        return executionIds;
    }

    private static JsonNode awaitSuccess(final ApiClient api, final String executionId) {
        return Executions.awaitSuccess(api, executionId);
    }
}
