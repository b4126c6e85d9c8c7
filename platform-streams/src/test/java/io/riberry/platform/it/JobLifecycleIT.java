package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.CommittedRecords;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.JobSubmitted;
import io.riberry.serde.AvroSerdes;
import io.riberry.sdk.EntryPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

/** A job's whole life on a real broker: topic or HTTP submission, dispatch, a real SDK worker, the query API. */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PlatformFixture fixture;
    private ApiClient api;
    private final Map<String, String> greetings = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        final EntryPoint hello = ctx -> greetings.put(ctx.executionId(), "Hello " + ctx.input("name").orElseThrow());
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
    void shouldCarryOneHundredJobsPublishedAsPlainRecordsToSuccess() {
        final List<String> executionIds = new ArrayList<>();
        try (KafkaProducer<String, JobSubmitted> producer = jobProducer()) {
            for (int i = 0; i < 100; i++) {
                final JobSubmitted job = job("hello", "bulk-" + i, Map.of("name", "worker " + i));
                producer.send(new ProducerRecord<>(fixture.topics().jobInputs(), job.getJobId(), job));
                executionIds.add(ExecutionIds.of(job.getJobId(), 1));
            }
        }

        for (String executionId : executionIds) {
            final JsonNode execution = awaitTerminal(executionId);
            assertThat(execution.get("status").asText()).as(executionId).isEqualTo("SUCCESS");
        }
        assertThat(executionIds).allSatisfy(id -> assertThat(greetings).containsKey(id));
        assertThat(greetings.get(executionIds.get(7))).isEqualTo("Hello worker 7");
    }

    @Test
    void shouldEndAFailingJobInFailureWithItsStackTrace() {
        final String name = "fails-once-" + UUID.randomUUID();
        final String executionId = submitOverHttp("fail", name, Map.of()).get("executionId").asText();

        final JsonNode execution = awaitTerminal(executionId);

        assertThat(execution.get("status").asText()).isEqualTo("FAILURE");
        assertThat(execution.at("/error/type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(execution.at("/error/message").asText()).isEqualTo("deliberate failure of " + name);
        assertThat(execution.at("/error/stackTrace").asText())
                .contains("java.lang.IllegalStateException: deliberate failure of " + name)
                .contains("at io.riberry.platform.it.JobLifecycleIT");
    }

    @Test
    void shouldBeReadyOnlyWithEveryPublicSubjectRegistered() throws Exception {
        final ApiClient.Answer ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().at("/checks/catalog").asText()).isEqualTo("loaded");
        assertThat(ready.body().at("/checks/schemas").asText()).isEqualTo("registered");
        assertThat(api.get("/health/live").status()).isEqualTo(200);

        final java.net.http.HttpResponse<String> subjects = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(SharedKafka.registryUrl() + "/subjects")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        for (String topic : io.riberry.topics.PublicSchemas.byTopic(fixture.topics()).keySet()) {
            assertThat(subjects.body()).contains("\"" + topic + "-value\"");
        }
    }

    @Test
    void shouldDeadLetterACorruptRecordAndStillRunTheNextJob() {
        final byte[] corrupt = {0, 0, 0, 0, 99, 42, 42};
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(fixture.topics().jobInputs(), "corrupt-key", corrupt));
        }
        final String executionId = submitOverTopic(job("hello", "after-corruption", Map.of("name", "Ada")));

        assertThat(awaitTerminal(executionId).get("status").asText()).isEqualTo("SUCCESS");
        final DeadLetter letter = readDeadLetter();
        assertThat(letter.getTopic()).isEqualTo(fixture.topics().jobInputs());
        assertThat(letter.getError()).contains("writer schema id 99");
        assertThat(letter.getValue().array()).containsExactly(corrupt);
    }

    @Test
    void shouldStoreAJobForAnUnknownFormAsRejectedWithItsReason() {
        final JobSubmitted job = job("no-such-form", "orphan", Map.of());
        submitOverTopic(job);

        final JsonNode stored = Eventually.awaitValue(TIMEOUT, "the rejected job", () -> {
            final ApiClient.Answer answer = api.get("/jobs/" + job.getJobId());
            return answer.status() == 200 ? answer.body() : null;
        });

        assertThat(stored.get("status").asText()).isEqualTo("REJECTED");
        assertThat(stored.get("reasons")).extracting(JsonNode::asText).containsExactly("unknown form \"no-such-form\"");
        assertThat(stored.get("executions")).isEmpty();
    }

    @Test
    void shouldShowEachStateTimestampOfAnExecutionSubmittedOverHttp() {
        final JsonNode accepted = submitOverHttp("hello", "timestamps", Map.of("name", "Grace"));
        final String executionId = accepted.get("executionId").asText();

        final JsonNode execution = awaitTerminal(executionId);

        assertThat(execution.get("status").asText()).isEqualTo("SUCCESS");
        final Instant created = Instant.parse(execution.get("createdAt").asText());
        final Instant ready = Instant.parse(execution.get("readyAt").asText());
        final Instant started = Instant.parse(execution.get("startedAt").asText());
        final Instant completed = Instant.parse(execution.get("completedAt").asText());
        assertThat(ready).isAfterOrEqualTo(created);
        assertThat(completed).isAfterOrEqualTo(started);
        assertThat(execution.get("jobId").asText()).isEqualTo(accepted.get("jobId").asText());
        assertThat(execution.get("application").asText()).isEqualTo(Catalogs.APPLICATION);
        assertThat(execution.get("instance").asText()).isEqualTo(Catalogs.INSTANCE);

        final JsonNode job = api.get("/jobs/" + accepted.get("jobId").asText()).body();
        assertThat(job.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(job.at("/inputs/name").asText()).isEqualTo("Grace");
        assertThat(job.at("/executions/0/status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void shouldAnswerAnInvalidHttpJobWith400AndEveryReason() {
        final ApiClient.Answer answer = api.post("/jobs", Map.of("form", "hello", "name", "no-inputs", "priority", 0));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asText()).isEqualTo("invalid_job");
        assertThat(answer.body().get("details")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "priority must be between 1 and 255, not 0", "missing required input \"name\"");
    }

    @Test
    void shouldAnswerMalformedRequestsWithJsonErrors() {
        assertThat(api.get("/nowhere").status()).isEqualTo(404);
        assertThat(api.get("/executions/unknown-id").status()).isEqualTo(404);
        assertThat(api.get("/executions?status=SLEEPING").body().get("message").asText()).contains("status must be one of");
        assertThat(api.get("/executions?limit=zero").status()).isEqualTo(400);
        assertThat(api.post("/jobs", List.of(1, 2)).status()).isEqualTo(400);
    }

    @Test
    void shouldPageThroughExecutionsNewestFirstWithoutRepeatsOrGaps() {
        for (int i = 0; i < 12; i++) {
            awaitTerminal(submitOverHttp("hello", "paged-" + i, Map.of("name", "p" + i)).get("executionId").asText());
        }
        final List<String> onePage = new ArrayList<>();
        api.get("/executions?form=hello&limit=1000").body().get("items").forEach(item -> onePage.add(item.get("executionId").asText()));

        final List<String> paged = new ArrayList<>();
        Instant previous = Instant.MAX;
        String cursor = null;
        do {
            final JsonNode page = api.get("/executions?form=hello&limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            for (JsonNode item : page.get("items")) {
                final Instant created = Instant.parse(item.get("createdAt").asText());
                assertThat(created).as("newest first").isBeforeOrEqualTo(previous);
                previous = created;
                paged.add(item.get("executionId").asText());
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(onePage).hasSizeGreaterThanOrEqualTo(12).doesNotHaveDuplicates();
        assertThat(paged).containsExactlyElementsOf(onePage);
        assertThat(api.get("/executions?status=SUCCESS&form=hello&limit=1000").body().get("items"))
                .allSatisfy(item -> assertThat(item.get("status").asText()).isEqualTo("SUCCESS"));
    }

    @Test
    void shouldStoreAnInvalidJobFromTheTopicRejectedWithEveryReason() {
        final JobSubmitted job = job("hello", "many-problems", Map.of("nickname", "Ada"));
        job.setPriority(300);
        submitOverTopic(job);

        final JsonNode stored = awaitJob(job.getJobId());

        assertThat(stored.get("status").asText()).isEqualTo("REJECTED");
        assertThat(stored.get("reasons")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "priority must be between 1 and 255, not 300", "unknown input \"nickname\"", "missing required input \"name\"");
    }

    @Test
    void shouldRefuseAJobNameAnotherJobHoldsOverHttpAndOnTheTopic() {
        final String name = "unique-" + UUID.randomUUID();
        final JsonNode first = submitOverHttp("hello", name, Map.of("name", "Ada"));
        Executions.awaitSuccess(api, first.get("executionId").asText());

        final ApiClient.Answer again = api.post("/jobs", Map.of("form", "hello", "name", name, "inputs", Map.of("name", "Bob")));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("details")).extracting(JsonNode::asText)
                .containsExactly("job name \"" + name + "\" is already used by job " + first.get("jobId").asText());
        assertThat(api.get("/job-names/" + name).body().get("jobId").asText()).isEqualTo(first.get("jobId").asText());

        final JobSubmitted clash = job("hello", "ignored", Map.of("name", "Eve"));
        clash.setName(name);
        submitOverTopic(clash);
        final JsonNode rejected = awaitJob(clash.getJobId());
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reasons")).extracting(JsonNode::asText)
                .containsExactly("job name \"" + name + "\" is already used by job " + first.get("jobId").asText());
    }

    @Test
    void shouldRerunAJobAsANewExecutionWithTheSameInputs() {
        final JsonNode accepted = submitOverHttp("hello", "twice", Map.of("name", "Rerun"));
        final String jobId = accepted.get("jobId").asText();
        final String first = accepted.get("executionId").asText();
        Executions.awaitSuccess(api, first);

        final ApiClient.Answer rerun = api.post("/jobs/" + jobId + "/executions", Map.of("requestedBy", "tester"));
        assertThat(rerun.status()).isEqualTo(202);
        final String second = rerun.body().get("executionId").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(rerun.body().get("rerunOf").asText()).isEqualTo(first);

        final JsonNode done = Executions.awaitSuccess(api, second);
        assertThat(done.get("jobId").asText()).isEqualTo(jobId);
        assertThat(greetings.get(second)).isEqualTo("Hello Rerun");
        final JsonNode job = api.get("/jobs/" + jobId).body();
        assertThat(job.get("executions")).extracting(e -> e.get("executionId").asText()).containsExactly(first, second);
        assertThat(api.post("/jobs/no-such-job/executions", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseToRerunARejectedJob() {
        final JobSubmitted job = job("no-such-form", "never-ran", Map.of());
        submitOverTopic(job);
        awaitJob(job.getJobId());

        final ApiClient.Answer answer = api.post("/jobs/" + job.getJobId() + "/executions", Map.of());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().get("message").asText()).contains("was rejected");
    }

    @Test
    void shouldServeTheCatalog() {
        final JsonNode applications = api.get("/applications").body().get("items");
        final JsonNode form = api.get("/forms/hello").body();

        assertThat(applications).singleElement().satisfies(application -> {
            assertThat(application.get("name").asText()).isEqualTo(Catalogs.APPLICATION);
            assertThat(application.get("instances")).extracting(JsonNode::asText).containsExactly(Catalogs.INSTANCE);
            assertThat(application.get("forms")).extracting(JsonNode::asText).containsExactlyInAnyOrder("hello", "fail");
        });
        assertThat(form.get("instance").asText()).isEqualTo(Catalogs.INSTANCE);
        assertThat(form.at("/inputs/0/name").asText()).isEqualTo("name");
        assertThat(form.at("/inputs/0/required").asBoolean()).isTrue();
        assertThat(api.get("/forms/nope").status()).isEqualTo(404);
    }

    private JsonNode submitOverHttp(final String form, final String name, final Map<String, Object> inputs) {
        final ApiClient.Answer answer = api.post("/jobs", Map.of("form", form, "name", name, "inputs", inputs));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return answer.body();
    }

    private String submitOverTopic(final JobSubmitted job) {
        try (KafkaProducer<String, JobSubmitted> producer = jobProducer()) {
            producer.send(new ProducerRecord<>(fixture.topics().jobInputs(), job.getJobId(), job));
        }
        return ExecutionIds.of(job.getJobId(), 1);
    }

    private JsonNode awaitJob(final String jobId) {
        return Eventually.awaitValue(TIMEOUT, "job " + jobId, () -> {
            final ApiClient.Answer answer = api.get("/jobs/" + jobId);
            return answer.status() == 200 ? answer.body() : null;
        });
    }

    private JsonNode awaitTerminal(final String executionId) {
        return Executions.awaitFinished(api, executionId);
    }

    private DeadLetter readDeadLetter() {
        try (KafkaConsumer<String, DeadLetter> consumer = CommittedRecords.consumer(fixture.topics().deadLetters(), DeadLetter.class)) {
            return Eventually.awaitValue(TIMEOUT, "a dead letter", () -> {
                for (ConsumerRecord<String, DeadLetter> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
                return null;
            });
        }
    }

    private KafkaProducer<String, JobSubmitted> jobProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), AvroSerdes.serde(JobSubmitted.class, SharedKafka.registryUrl()).serializer());
    }

    private static JobSubmitted job(final String form, final String name, final Map<String, Object> inputs) {
        return JobSubmitted.newBuilder().setJobId(UUID.randomUUID().toString()).setForm(form).setName(name + "-" + UUID.randomUUID())
                .setInputs(inputs).setSubmittedAt(Instant.now()).build();
    }
}
