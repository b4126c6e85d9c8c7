package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.CommittedRecords;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.JobSubmitted;
import io.riberry.sdk.EntryPoint;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.RecordLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No record can stop the platform: each case once left the stream thread failing on the same
 * record for good (every query 503). Each test sends its poison, then shows the next job succeeding.
 */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String HUGE_MESSAGE = "m".repeat(900_000);

    private PlatformFixture fixture;
    private ApiClient api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        final EntryPoint hello = ctx -> {
            if (ctx.jobName().startsWith("chatty")) {
                ctx.progress(HUGE_MESSAGE);
            }
        };
        fixture.startWorker(Map.of("hello", hello));
        api = fixture.api();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void shouldAnswer413ToAJobOverTheLimitOverHttpAndStillRunTheNext() throws Exception {
        final String body = "{\"form\": \"hello\", \"name\": \"big-" + UUID.randomUUID() + "\", \"inputs\": {\"name\": \""
                + "x".repeat(900_000) + "\"}}";

        final HttpResponse<String> answer = post("/jobs", body);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        assertThat(answer.body()).contains("\"error\":\"too_large\"").contains(Integer.toString(RecordLimits.MAX_JOB_BYTES));
        assertNextJobSucceeds();
    }

    @Test
    void shouldAnswer413ToABodyOverTheRequestLimitInsteadOf503() throws Exception {
        final HttpResponse<String> answer = post("/jobs", "{\"pad\": \"" + "y".repeat(RecordLimits.MAX_REQUEST_BYTES) + "\"}");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("too_large");
        assertNextJobSucceeds();
    }

    @Test
    void shouldDeadLetterAHugeUndecodableRecordWithAPrefixAndItsSize() {
        final byte[] corrupt = new byte[1_000_000];
        Arrays.fill(corrupt, (byte) 7);
        corrupt[0] = 0;
        corrupt[4] = 99;
        final String key = "huge-corrupt-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(fixture.topics().jobInputs(), key, corrupt));
        }

        final DeadLetter letter = readDeadLetter(l -> key.equals(asText(l.getKey() == null ? null : l.getKey().array())));
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getSize()).isEqualTo(1_000_000L);
        assertThat(letter.getValue().remaining()).isEqualTo(RecordLimits.MAX_DEAD_LETTER_BYTES);
        assertThat(letter.getTopic()).isEqualTo(fixture.topics().jobInputs());
        assertThat(letter.getOffset()).isGreaterThanOrEqualTo(0);
        assertNextJobSucceeds();
    }

    @Test
    void shouldRejectAJobOverTheLimitOnTheTopicWithoutQuotingItsInputs() {
        final JobSubmitted job = job("no-such-form-" + "f".repeat(2_000), "huge-" + UUID.randomUUID(), Map.of("name", "z".repeat(700_000)));
        publish(job);

        final JsonNode stored = Eventually.awaitValue(TIMEOUT, "the rejected job", () -> {
            final ApiClient.Answer answer = api.get("/jobs/" + job.getJobId());
            return answer.status() == 200 ? answer.body() : null;
        });
        assertThat(stored.get("status").asText()).isEqualTo("REJECTED");
        assertThat(stored.get("reasons").toString())
                .contains("the job's inputs and files take")
                .contains("form name")
                .hasSizeLessThan(2_000);
        assertThat(stored.get("inputs").size()).isZero();
        assertThat(stored.get("form").asText()).hasSizeLessThanOrEqualTo(RecordLimits.MAX_NAME_CHARS);
        assertNextJobSucceeds();
    }

    @Test
    void shouldDeadLetterAJobWhoseIdCannotBeAKey() {
        final JobSubmitted job = job("hello", "long-id-" + UUID.randomUUID(), Map.of("name", "Ada"));
        job.setJobId("i".repeat(5_000));
        publish(job);

        final DeadLetter letter = readDeadLetter(l -> l.getError().contains("jobId is 5000 characters"));
        assertThat(letter.getErrorType()).endsWith("RecordRejectedException");
        assertNextJobSucceeds();
    }

    @Test
    void shouldKeepAShortenedProgressMessageOfAWorkerThatSendsAHugeOne() {
        final String executionId = submitOverHttp("chatty-" + UUID.randomUUID());

        final JsonNode execution = Executions.awaitSuccess(api, executionId);
        assertThat(execution.get("progressMessage").asText()).hasSize(RecordLimits.MAX_MESSAGE_CHARS).endsWith("...");
        assertNextJobSucceeds();
    }

    private void assertNextJobSucceeds() {
        final String executionId = submitOverHttp("next-" + UUID.randomUUID());
        assertThat(Executions.awaitSuccess(api, executionId).get("status").asText()).isEqualTo("SUCCESS");
    }

    private String submitOverHttp(final String name) {
        final ApiClient.Answer answer = api.post("/jobs", Map.of("form", "hello", "name", name, "inputs", Map.of("name", "Ada")));
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
        return answer.body().get("executionId").asText();
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception {
        return http.send(api.authorized(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publish(final JobSubmitted job) {
        try (KafkaProducer<String, JobSubmitted> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(),
                AvroSerdes.serde(JobSubmitted.class, SharedKafka.registryUrl()).serializer())) {
            producer.send(new ProducerRecord<>(fixture.topics().jobInputs(), job.getJobId(), job));
        }
    }

    private DeadLetter readDeadLetter(final Predicate<DeadLetter> wanted) {
        try (KafkaConsumer<String, DeadLetter> consumer = CommittedRecords.consumer(fixture.topics().deadLetters(), DeadLetter.class)) {
            return Eventually.awaitValue(TIMEOUT, "the dead letter", () -> {
                for (ConsumerRecord<String, DeadLetter> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record.value())) {
                        return record.value();
                    }
                }
                return null;
            });
        }
    }

    private static String asText(final byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static JobSubmitted job(final String form, final String name, final Map<String, Object> inputs) {
        return JobSubmitted.newBuilder().setJobId(UUID.randomUUID().toString()).setForm(form).setName(name)
                .setInputs(inputs).setSubmittedAt(Instant.now()).build();
    }
}
