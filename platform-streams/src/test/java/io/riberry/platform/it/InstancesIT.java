package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.RiberryWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An instance is CREATED until its worker's first heartbeat, ONLINE while heartbeats come, OFFLINE once its process stops. */
@ExtendWith(SharedKafka.class)
class InstancesIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldFailTheActiveExecutionOfAWorkerThatStoppedWithAnErrorArtifact() {
        final AtomicBoolean released = new AtomicBoolean();
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            final ApiClient api = fixture.api();
            // An entry point that never finishes and ignores interrupts: its process stops without reporting it.
            final RiberryWorker worker = fixture.startWorker(Map.of("hello", ctx -> {
                while (!released.get()) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }));
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "hung", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the execution to be ACTIVE",
                    () -> "ACTIVE".equals(api.get("/executions/" + executionId).body().path("status").asText()));

            worker.close(Duration.ofMillis(100));
            final long stopped = System.nanoTime();
            final JsonNode failed = Executions.awaitFinished(api, executionId);
            final Duration took = Duration.ofNanos(System.nanoTime() - stopped);

            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.at("/error/type").asText()).isEqualTo("InstanceOffline");
            assertThat(took).as("failed within twice the timeout").isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS + 1000));
            final JsonNode artifacts = Eventually.awaitValue(Duration.ofSeconds(30), "the offline error artifact", () -> {
                final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
                return items.size() == 1 && items.get(0).get("complete").asBoolean() ? items : null;
            });
            assertThat(artifacts.get(0).get("name").asText()).isEqualTo("Exception InstanceOffline");
        } finally {
            released.set(true);
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

            worker.close(Duration.ofSeconds(5));
            final long stopped = System.nanoTime();
            final JsonNode offline = Eventually.awaitValue(Duration.ofSeconds(30), "the instance to be OFFLINE", () -> {
                final JsonNode body = api.get("/instances/" + Catalogs.INSTANCE).body();
                return "OFFLINE".equals(body.path("status").asText()) ? body : null;
            });
            final Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(took).as("offline within twice the timeout").isLessThanOrEqualTo(Duration.ofMillis(2 * PlatformFixture.OFFLINE_AFTER_MS));
            assertThat(Instant.parse(offline.get("changedAt").asText())).isAfter(Instant.parse(online.get("changedAt").asText()));
        }
    }
}
