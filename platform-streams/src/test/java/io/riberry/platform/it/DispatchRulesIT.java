package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.platform.testing.WorkerProcess;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.JobSubmitted;
import io.riberry.sdk.RiberryWorker;
import io.riberry.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Riberry's dispatch rules on a real broker with real workers: a killed instance's work fails while
 * another instance keeps working, a limit holds across a deep queue, parameters reach the worker,
 * and {@code active}/{@code accept} hold work back.
 */
@ExtendWith(SharedKafka.class)
class DispatchRulesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void shouldFailTheActiveExecutionsOfAKilledInstanceWithinTwiceTheTimeoutWhileTheOtherInstanceKeepsWorking() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demoWithBackup());
             WorkerProcess killed = WorkerProcess.startHanging(fixture, Catalogs.INSTANCE, "hello")) {
            final ApiClient api = fixture.api();
            fixture.startWorker(fixture.workerOf(Catalogs.BACKUP_INSTANCE).entryPoint("backup-hello", ctx -> { }));
            final List<String> hung = List.of(submit(api, "hello", "hung-1"), submit(api, "hello", "hung-2"));
            hung.forEach(id -> Eventually.await(TIMEOUT, id + " to be ACTIVE", () -> "ACTIVE".equals(status(api, id))));
            Executions.awaitSuccess(api, submit(api, "backup-hello", "before"));

            killed.kill();
            final long stopped = System.nanoTime();
            final List<JsonNode> failed = hung.stream().map(id -> Executions.awaitFinished(api, id)).toList();
            final Duration took = Duration.ofNanos(System.nanoTime() - stopped);

            assertThat(failed).allSatisfy(execution -> {
                assertThat(execution.get("status").asText()).isEqualTo("FAILURE");
                assertThat(execution.at("/error/type").asText()).isEqualTo("InstanceOffline");
            });
            assertThat(took).as("failed within twice the timeout").isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS));
            assertThat(instance(api, Catalogs.INSTANCE).get("status").asText()).isEqualTo("OFFLINE");

            final List<String> during = List.of(submit(api, "backup-hello", "during-1"), submit(api, "backup-hello", "during-2"));
            during.forEach(id -> Executions.awaitSuccess(api, id));
            assertThat(instance(api, Catalogs.BACKUP_INSTANCE).get("status").asText()).isEqualTo("ONLINE");

            // Work for the offline instance waits, RECEIVED, and goes once a process of it is back.
            final String waiting = submit(api, "hello", "waits-for-a-worker");
            Eventually.await(TIMEOUT, "the job to be queued", () -> instance(api, Catalogs.INSTANCE).get("queuedCount").asInt() == 1);
            assertThat(status(api, waiting)).isEqualTo("RECEIVED");
            fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).entryPoint("hello", ctx -> { }));
            Executions.awaitSuccess(api, waiting);
        }
    }

    @Test
    void shouldNeverHaveMoreThanTheLimitInFlightWhileTwoHundredJobsQueue() throws Exception {
        final Map<String, CatalogEntry> catalog = Catalogs.demo();
        final Map.Entry<String, CatalogEntry> limit = Catalogs.allDay("limit-three", "limit", "3");
        catalog.put(limit.getKey(), limit.getValue());
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, catalog)) {
            final ApiClient api = fixture.api();
            final AtomicInteger running = new AtomicInteger();
            final AtomicInteger mostRunning = new AtomicInteger();
            fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).concurrency(10).entryPoint("hello", ctx -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } finally {
                    running.decrementAndGet();
                }
            }));
            Eventually.await(TIMEOUT, "the limit to be active and the instance ONLINE", () -> {
                final JsonNode instance = instance(api, Catalogs.INSTANCE);
                return "3".equals(instance.at("/parameters/limit").asText()) && "ONLINE".equals(instance.get("status").asText());
            });

            final List<String> jobIds = new ArrayList<>();
            try (KafkaProducer<String, JobSubmitted> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), AvroSerdes.serde(JobSubmitted.class, SharedKafka.registryUrl()).serializer())) {
                for (int i = 0; i < 200; i++) {
                    final String jobId = UUID.randomUUID().toString();
                    jobIds.add(jobId);
                    producer.send(new ProducerRecord<>(fixture.topics().jobInputs(), jobId, JobSubmitted.newBuilder().setJobId(jobId)
                            .setForm("hello").setName("limited-" + i).setInputs(Map.of("name", "n" + i)).setSubmittedAt(Instant.now()).build()));
                }
            }

            int mostInFlight = 0;
            int mostQueued = 0;
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            JsonNode sample = instance(api, Catalogs.INSTANCE);
            while (System.nanoTime() < deadline) {
                sample = instance(api, Catalogs.INSTANCE);
                mostInFlight = Math.max(mostInFlight, sample.get("readyCount").asInt() + sample.get("activeCount").asInt());
                mostQueued = Math.max(mostQueued, sample.get("queuedCount").asInt());
                if (mostQueued > 0 && sample.get("queuedCount").asInt() == 0 && sample.get("readyCount").asInt() + sample.get("activeCount").asInt() == 0) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            for (String jobId : jobIds) {
                final String executionId = api.get("/jobs/" + jobId).body().at("/executions/0/executionId").asText();
                Executions.awaitSuccess(api, executionId);
            }

            assertThat(mostRunning.get()).as("entry points running at once in a worker of concurrency 10").isEqualTo(3);
            assertThat(mostInFlight).as("READY+ACTIVE seen by the platform").isLessThanOrEqualTo(3);
            assertThat(mostQueued).as("the limit made work wait").isGreaterThan(100);
        }
    }

    @Test
    void shouldDeliverParameterChangesToTheWorkersHandlerAndResizeItsPoolLive() throws Exception {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final ApiClient api = fixture.api();
            final LinkedBlockingQueue<Optional<String>> greetings = new LinkedBlockingQueue<>();
            final RiberryWorker worker = fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).concurrency(4)
                    .onParameter("greeting", value -> greetings.add(Optional.ofNullable(value)))
                    .entryPoint("hello", ctx -> { }));

            final Map.Entry<String, CatalogEntry> greeting = Catalogs.allDay("greet", "greeting", "Good morning");
            final Map.Entry<String, CatalogEntry> pool = Catalogs.allDay("pool", "concurrency", "7");
            fixture.publishCatalog(Map.ofEntries(greeting, pool));

            assertThat(greetings.poll(30, TimeUnit.SECONDS)).contains("Good morning");
            Eventually.await(TIMEOUT, "the pool to be resized to 7", () -> worker.concurrency() == 7);
            assertThat(worker.parameter("greeting")).contains("Good morning");
            final JsonNode instance = instance(api, Catalogs.INSTANCE);
            assertThat(instance.at("/parameters/greeting").asText()).isEqualTo("Good morning");
            assertThat(instance.at("/parameters/concurrency").asText()).isEqualTo("7");

            final Map<String, CatalogEntry> deletions = new HashMap<>();
            deletions.put(greeting.getKey(), null);
            deletions.put(pool.getKey(), null);
            fixture.publishCatalog(deletions);

            assertThat(greetings.poll(30, TimeUnit.SECONDS)).as("unset again").isEmpty();
            Eventually.await(TIMEOUT, "the pool to be back to its own 4", () -> worker.concurrency() == 4);
            Executions.awaitSuccess(api, submit(api, "hello", "after-parameters"));
        }
    }

    @Test
    void shouldHoldWorkBackWhileInactiveOrNotAcceptingAndRunItAfterwards() {
        final Map<String, CatalogEntry> catalog = Catalogs.demo();
        final Map.Entry<String, CatalogEntry> inactive = Catalogs.allDay("off", "active", "N");
        catalog.put(inactive.getKey(), inactive.getValue());
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, catalog)) {
            final ApiClient api = fixture.api();
            fixture.startWorker(Map.of("hello", ctx -> { }));
            Eventually.await(TIMEOUT, "the instance to be INACTIVE", () -> "INACTIVE".equals(instance(api, Catalogs.INSTANCE).get("status").asText()));
            final String held = submit(api, "hello", "held-while-inactive");

            final Map.Entry<String, CatalogEntry> notAccepting = Catalogs.allDay("closed", "accept", "N");
            final Map<String, CatalogEntry> change = new HashMap<>();
            change.put(inactive.getKey(), null);
            change.put(notAccepting.getKey(), notAccepting.getValue());
            fixture.publishCatalog(change);
            Eventually.await(TIMEOUT, "the instance to be ONLINE but not accepting", () -> {
                final JsonNode instance = instance(api, Catalogs.INSTANCE);
                return "ONLINE".equals(instance.get("status").asText()) && "N".equals(instance.at("/parameters/accept").asText());
            });
            assertThat(status(api, held)).isEqualTo("RECEIVED");
            assertThat(instance(api, Catalogs.INSTANCE).get("queuedCount").asInt()).isEqualTo(1);

            final Map<String, CatalogEntry> open = new HashMap<>();
            open.put(notAccepting.getKey(), null);
            fixture.publishCatalog(open);
            Executions.awaitSuccess(api, held);
        }
    }

    private static String submit(final ApiClient api, final String form, final String name) {
        final Map<String, Object> body = new HashMap<>();
        body.put("form", form);
        body.put("name", name + "-" + UUID.randomUUID());
        if (form.equals("hello")) {
            body.put("inputs", Map.of("name", name));
        }
        final ApiClient.Answer answer = api.post("/jobs", body);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        return answer.body().get("executionId").asText();
    }

    private static String status(final ApiClient api, final String executionId) {
        return api.get("/executions/" + executionId).body().path("status").asText();
    }

    private static JsonNode instance(final ApiClient api, final String name) {
        return api.get("/instances/" + name).body();
    }
}
