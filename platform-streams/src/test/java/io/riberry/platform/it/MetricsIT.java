package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.PlatformService;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.EntryPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /metrics on a real platform: Riberry's series with their labels and values, the Kafka Streams binder's, and one replica per execution. */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Well above what a platform with a few tasks exposes, well below the 7,857 lines of the hand-written exposition. */
    private static final int MOST_LINES = 4_000;

    private PlatformFixture fixture;
    private Path stateDir;
    private ApiClient api;
    private final AtomicInteger helloSucceeded = new AtomicInteger();

    @BeforeAll
    void start(@TempDir final Path classStateDir) {
        stateDir = classStateDir;
        fixture = PlatformFixture.start(stateDir.resolve("platform"), Catalogs.demo());
        final EntryPoint hello = ctx -> ctx.progress("Hello " + ctx.input("name").orElseThrow(), 100);
        final EntryPoint fail = ctx -> {
            throw new IllegalStateException("deliberate failure of " + ctx.jobName());
        };
        fixture.startWorker(Map.of("hello", hello, "fail", fail));
        api = fixture.api();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void shouldExposeRiberrySeriesWithTheirLabelsAndTheStreamsBinders() {
        final String succeeded = submit("hello", Map.of("name", "Ada"));
        Executions.awaitSuccess(api, succeeded);
        helloSucceeded.incrementAndGet();
        final String failed = submit("fail", Map.of());
        assertThat(Executions.awaitFinished(api, failed).get("status").asText()).isEqualTo("FAILURE");
        sendUndecodableJob();
        assertThat(api.get("/no-such-route/secret-12345").status()).isEqualTo(404);

        final Map<String, Double> series = Eventually.awaitValue(TIMEOUT, "the undecodable job to be counted", () -> {
            final Map<String, Double> scraped = scrape(api);
            return scraped.getOrDefault("riberry_dead_letters_total{reason=\"undecodable\"}", 0.0) >= 1 ? scraped : null;
        });

        assertThat(series.get("riberry_executions{form=\"hello\",status=\"SUCCESS\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_executions{form=\"fail\",status=\"FAILURE\"}")).isEqualTo(1.0);
        assertThat(series).doesNotContainKey("riberry_executions{form=\"hello\",status=\"ACTIVE\"}");
        assertThat(series.get("riberry_execution_time_to_active_seconds_count{form=\"hello\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_execution_time_to_active_seconds_bucket{form=\"hello\",le=\"+Inf\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_execution_run_seconds_count{form=\"hello\",status=\"SUCCESS\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_execution_run_seconds_count{form=\"fail\",status=\"FAILURE\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_http_server_requests_seconds_count{method=\"GET\",route=\"/executions/{id}\",status=\"200\"}"))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(series.get("riberry_http_server_requests_seconds_count{method=\"POST\",route=\"/jobs\",status=\"202\"}")).isEqualTo(2.0);
        assertThat(series.get("riberry_http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}")).isEqualTo(1.0);
        assertThat(series.keySet()).noneMatch(name -> name.contains("secret-12345"));
        assertThat(series.get("riberry_instance_status{instance=\"" + Catalogs.INSTANCE + "\",status=\"ONLINE\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_instance_status{instance=\"" + Catalogs.INSTANCE + "\",status=\"OFFLINE\"}")).isEqualTo(0.0);
        assertThat(series.get("riberry_instance_executions{instance=\"" + Catalogs.INSTANCE + "\",status=\"ACTIVE\"}")).isEqualTo(0.0);
        assertThat(series.get("riberry_dead_letters_total{reason=\"undecodable\"}")).isEqualTo(1.0);
        assertThat(series.get("riberry_dead_letters_total{reason=\"processing_error\"}")).isEqualTo(0.0);
        assertThat(series.keySet()).as("the Kafka Streams binder").anyMatch(name -> name.startsWith("kafka_stream_thread_"));
        assertThat(series.keySet()).as("the JVM binders").anyMatch(name -> name.startsWith("jvm_memory_used_bytes{area=\"heap\""));

        final long lines = new String(api.getText("/metrics"), StandardCharsets.UTF_8).lines().count();
        LOG.info("GET /metrics answered {} lines", lines);
        assertThat(lines).isLessThan(MOST_LINES);
    }

    @Test
    @Order(2)
    void shouldReportEachExecutionAndInstanceFromExactlyOneReplica() {
        // The peer runs until the fixture closes it after the last test: its state must outlive this method.
        final PlatformService peer = fixture.startPeer(stateDir.resolve("peer"));
        final ApiClient peerApi = fixture.api(peer);
        for (int i = 0; i < 4; i++) {
            Executions.awaitSuccess(i % 2 == 0 ? api : peerApi, submit("hello", Map.of("name", "replica " + i)));
            helloSucceeded.incrementAndGet();
        }

        final String successes = "riberry_executions{form=\"hello\",status=\"SUCCESS\"}";
        final String online = "riberry_instance_status{instance=\"" + Catalogs.INSTANCE + "\",status=\"ONLINE\"}";
        Eventually.await(TIMEOUT, "the replicas' counts to add up to " + helloSucceeded.get() + " hello successes", () -> {
            final List<Map<String, Double>> replicas = List.of(scrape(api), scrape(peerApi));
            return sum(replicas, successes) == helloSucceeded.get() && sum(replicas, online) == 1.0;
        });
    }

    private String submit(final String form, final Map<String, Object> inputs) {
        final Map<String, Object> job = new HashMap<>();
        job.put("form", form);
        job.put("name", "metrics-" + UUID.randomUUID());
        job.put("inputs", inputs);
        final ApiClient.Answer answer = api.post("/jobs", job);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        final JsonNode executionId = answer.body().get("executionId");
        return executionId.asText();
    }

    private void sendUndecodableJob() {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(fixture.topics().jobInputs(), "corrupt-key", new byte[] {0, 0, 0, 0, 99, 42}));
        }
    }

    private static double sum(final List<Map<String, Double>> replicas, final String name) {
        return replicas.stream().mapToDouble(series -> series.getOrDefault(name, 0.0)).sum();
    }

    /** The exposition as series (name and labels, as printed) -> value. */
    private static Map<String, Double> scrape(final ApiClient client) {
        final Map<String, Double> series = new HashMap<>();
        new String(client.getText("/metrics"), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> {
                    final int space = line.lastIndexOf(' ');
                    series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                });
        return series;
    }
}
