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
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.WorkerStoppedException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance is CREATED until its worker's first heartbeat, ONLINE while heartbeats come, OFFLINE
 * once its process stops; a process that closes with an entry point still running says it failed.
 * The instance lists its live processes, and a job for a form none of them serves fails at once.
 */
@ExtendWith(SharedKafka.class)
class InstancesIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldFailTheUnfinishedExecutionOfAClosedWorkerWhileAnotherProcessKeepsTheInstanceOnline() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final ApiClient api = fixture.api();
            final Map<String, RiberryWorker> workers = new ConcurrentHashMap<>();
            final AtomicReference<String> ranOn = new AtomicReference<>();
            for (String process : List.of("first", "second")) {
                workers.put(process, fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).processId(process).entryPoint("hello", ctx -> {
                    if (ranOn.compareAndSet(null, process)) {
                        new CountDownLatch(1).await();
                    }
                })));
            }
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "outlives-its-worker", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the execution to be ACTIVE",
                    () -> "ACTIVE".equals(api.get("/executions/" + executionId).body().path("status").asText()));

            workers.get(ranOn.get()).close(Duration.ofMillis(100));
            final JsonNode failed = Executions.awaitFinished(api, executionId);

            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.at("/error/type").asText()).isEqualTo(WorkerStoppedException.class.getName());
            final JsonNode artifacts = Eventually.awaitValue(Duration.ofSeconds(30), "the error artifact", () -> {
                final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
                return items.size() == 1 && items.get(0).get("complete").asBoolean() ? items : null;
            });
            assertThat(artifacts.get(0).get("name").asText()).isEqualTo("Exception WorkerStopped");
            assertThat(api.get("/instances/" + Catalogs.INSTANCE).body().get("status").asText()).as("the other process is alive")
                    .isEqualTo("ONLINE");
            final String next = api.post("/jobs", Map.of("form", "hello", "name", "runs-on-the-other", "inputs", Map.of("name", "y")))
                    .body().get("executionId").asText();
            Executions.awaitSuccess(api, next);
        }
    }

    @Test
    void shouldKeepQueuedWorkForTheNextProcessWhenTheOnlyOneCloses() {
        final Map<String, CatalogEntry> catalog = Catalogs.demo();
        final Map.Entry<String, CatalogEntry> oneAtATime = Catalogs.allDay("one-at-a-time", "limit", "1");
        catalog.put(oneAtATime.getKey(), oneAtATime.getValue());
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, catalog)) {
            final ApiClient api = fixture.api();
            final RiberryWorker closing = fixture.startWorker(Map.of("hello", ctx -> new CountDownLatch(1).await()));
            Eventually.await(Duration.ofSeconds(30), "the limit to be active",
                    () -> "1".equals(api.get("/instances/" + Catalogs.INSTANCE).body().at("/parameters/limit").asText()));
            final String running = api.post("/jobs", Map.of("form", "hello", "name", "running", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the first to be ACTIVE",
                    () -> "ACTIVE".equals(api.get("/executions/" + running).body().path("status").asText()));
            final String queued = api.post("/jobs", Map.of("form", "hello", "name", "queued", "inputs", Map.of("name", "y")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the second to be queued",
                    () -> api.get("/instances/" + Catalogs.INSTANCE).body().path("queuedCount").asInt() == 1);

            closing.close(Duration.ofMillis(200));
            assertThat(Executions.awaitFinished(api, running).at("/error/type").asText()).isEqualTo(WorkerStoppedException.class.getName());
            Eventually.await(Duration.ofSeconds(30), "the instance to be OFFLINE",
                    () -> "OFFLINE".equals(api.get("/instances/" + Catalogs.INSTANCE).body().path("status").asText()));

            assertThat(api.get("/executions/" + queued).body().get("status").asText())
                    .as("not handed to a closing process, so not failed with the instance").isEqualTo("RECEIVED");
            fixture.startWorker(Map.of("hello", ctx -> { }));
            Executions.awaitSuccess(api, queued);
        }
    }

    @Test
    void shouldFailTheExecutionOfAKilledProcessWhileAnotherProcessKeepsTheInstanceOnline() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo());
             WorkerProcess killed = WorkerProcess.startHanging(fixture, Catalogs.INSTANCE, "hello")) {
            final ApiClient api = fixture.api();
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "on-a-doomed-process", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the execution to be ACTIVE in the other process",
                    () -> "ACTIVE".equals(api.get("/executions/" + executionId).body().path("status").asText()));
            fixture.startWorker(Map.of("hello", ctx -> { }));

            killed.kill();
            final long stopped = System.nanoTime();
            final JsonNode failed = Executions.awaitFinished(api, executionId);
            final Duration took = Duration.ofNanos(System.nanoTime() - stopped);

            assertThat(failed.at("/error/type").asText()).isEqualTo("WorkerLost");
            assertThat(failed.at("/error/message").asText()).startsWith("worker process " + failed.get("processId").asText() + " of instance "
                    + Catalogs.INSTANCE + " stopped sending heartbeats");
            assertThat(took).as("failed within twice the timeout").isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS));
            assertThat(api.get("/instances/" + Catalogs.INSTANCE).body().get("status").asText()).isEqualTo("ONLINE");
        }
    }

    @Test
    void shouldFollowAnInstanceFromCreatedToOnlineToOfflineWhenItsWorkerStops() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final ApiClient api = fixture.api();
            assertThat(api.get("/instances").body().get("items")).singleElement()
                    .satisfies(i -> assertThat(i.get("status").asText()).isEqualTo("CREATED"));
            assertThat(api.get("/instances/nowhere").status()).isEqualTo(404);

            final RiberryWorker worker = fixture.startWorker(Map.of("hello", ctx -> { }));
            final JsonNode online = Eventually.awaitValue(Duration.ofSeconds(30), "the instance to be ONLINE", () -> {
                final JsonNode body = api.get("/instances/" + Catalogs.INSTANCE).body();
                return "ONLINE".equals(body.path("status").asText()) ? body : null;
            });
            assertThat(online.get("application").asText()).isEqualTo(Catalogs.APPLICATION);
            assertThat(online.hasNonNull("lastHeartbeatAt")).isTrue();
            assertThat(online.get("processes")).hasSize(1);

            worker.close(Duration.ofSeconds(5));
            final long stopped = System.nanoTime();
            final JsonNode offline = Eventually.awaitValue(Duration.ofSeconds(30), "the instance to be OFFLINE", () -> {
                final JsonNode body = api.get("/instances/" + Catalogs.INSTANCE).body();
                return "OFFLINE".equals(body.path("status").asText()) ? body : null;
            });
            final Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(took).as("offline within twice the timeout").isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS));
            assertThat(Instant.parse(offline.get("changedAt").asText())).isAfter(Instant.parse(online.get("changedAt").asText()));
            assertThat(offline.get("processes")).as("an offline instance has no live process").isEmpty();
        }
    }

    @Test
    void shouldListTheLiveProcessesOfAnInstanceAndDropOneOnceItIsJudgedLost() throws Exception {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo());
             WorkerProcess other = WorkerProcess.startHanging(fixture, Catalogs.INSTANCE, "hello")) {
            final ApiClient api = fixture.api();
            final Instant beforeStart = Instant.now();
            fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).processId("in-the-test-jvm")
                    .entryPoint("hello", ctx -> { }).entryPoint("fail", ctx -> { }));

            final JsonNode processes = Eventually.awaitValue(Duration.ofSeconds(30), "both processes to be listed", () -> {
                final JsonNode listed = api.get("/instances/" + Catalogs.INSTANCE).body().path("processes");
                return listed.size() == 2 ? listed : null;
            });

            final String host = InetAddress.getLocalHost().getHostName();
            final JsonNode inTest = processes.get(0).get("processId").asText().equals("in-the-test-jvm") ? processes.get(0) : processes.get(1);
            final JsonNode separate = inTest == processes.get(0) ? processes.get(1) : processes.get(0);
            assertThat(inTest.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(inTest.get("host").asText()).isEqualTo(host);
            assertThat(inTest.get("forms")).extracting(JsonNode::asText).containsExactly("fail", "hello");
            assertThat(inTest.get("stopping").asBoolean()).isFalse();
            assertThat(Instant.parse(inTest.get("startedAt").asText())).isAfterOrEqualTo(beforeStart.truncatedTo(ChronoUnit.MILLIS))
                    .isBeforeOrEqualTo(Instant.parse(inTest.get("lastHeartbeatAt").asText()));
            assertThat(separate.get("pid").asLong()).isEqualTo(other.pid());
            assertThat(separate.get("processId").asText()).as("the SDK's default process id").isEqualTo(other.pid() + "@" + host);
            assertThat(separate.get("host").asText()).isEqualTo(host);
            assertThat(separate.get("forms")).extracting(JsonNode::asText).containsExactly("hello");
            assertThat(separate.hasNonNull("startedAt")).isTrue();

            other.kill();
            final long killed = System.nanoTime();
            final JsonNode left = Eventually.awaitValue(Duration.ofSeconds(30), "the killed process to be dropped", () -> {
                final JsonNode listed = api.get("/instances/" + Catalogs.INSTANCE).body().path("processes");
                return listed.size() == 1 ? listed : null;
            });
            assertThat(left.get(0).get("processId").asText()).isEqualTo("in-the-test-jvm");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("dropped within twice the timeout")
                    .isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS));
            assertThat(api.get("/instances").body().at("/items/0/processes")).as("the list shows the same").hasSize(1);
        }
    }

    @Test
    void shouldFailAJobForAFormNoLiveProcessServesWithAnArtifactNamingTheFormsServed() {
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final ApiClient api = fixture.api();
            fixture.startWorker(Map.of("hello", ctx -> { }));
            Eventually.await(Duration.ofSeconds(30), "the process to be listed",
                    () -> api.get("/instances/" + Catalogs.INSTANCE).body().path("processes").size() == 1);

            final String executionId = api.post("/jobs", Map.of("form", "fail", "name", "nobody-runs-fail", "inputs", Map.of()))
                    .body().get("executionId").asText();
            final JsonNode failed = Executions.awaitFinished(api, executionId);

            final String message = "no live process of instance " + Catalogs.INSTANCE + " serves form fail; its live processes serve hello";
            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.has("readyAt")).as("never dispatched").isFalse();
            assertThat(failed.at("/error/type").asText()).isEqualTo("FormNotServed");
            assertThat(failed.at("/error/message").asText()).isEqualTo(message);
            final JsonNode artifact = Eventually.awaitValue(Duration.ofSeconds(30), "the error artifact", () -> {
                final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
                return items.size() == 1 && items.get(0).get("complete").asBoolean() ? items.get(0) : null;
            });
            assertThat(artifact.get("name").asText()).isEqualTo("Exception FormNotServed");
            assertThat(artifact.get("type").asText()).isEqualTo("ERROR");
            assertThat(new String(api.getText("/artifacts/" + artifact.get("artifactId").asText() + "/content"), StandardCharsets.UTF_8))
                    .isEqualTo(message);

            final String served = api.post("/jobs", Map.of("form", "hello", "name", "somebody-runs-hello", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Executions.awaitSuccess(api, served);
        }
    }
}
