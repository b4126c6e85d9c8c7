package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.StreamScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling an ACTIVE execution on a real worker: it ends FAILURE saying who and why, and its remaining tasks do not run. */
@ExtendWith(SharedKafka.class)
class CancelIT {

    private static final int STEPS = 200;

    @TempDir
    Path stateDir;

    @Test
    void shouldStopTheRemainingTasksOfACancelledExecution() {
        final AtomicInteger stepsRun = new AtomicInteger();
        final AtomicBoolean entryPointEnded = new AtomicBoolean();
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            fixture.startWorker(Map.of("hello", ctx -> {
                try (StreamScope work = ctx.stream("work")) {
                    for (int i = 0; i < STEPS; i++) {
                        work.step("step-" + i, () -> {
                            LockSupport.parkNanos(20_000_000L);
                            return stepsRun.incrementAndGet();
                        });
                    }
                } finally {
                    entryPointEnded.set(true);
                }
            }));
            final ApiClient api = fixture.api();
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "long", "inputs", Map.of("name", "x")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "a few steps to run", () -> stepsRun.get() >= 3);

            // The canceller is who authenticated: ada's own token; the body's requestedBy is not believed.
            final String adaToken = api.post("/tokens", Map.of("subject", "ada", "administrator", true)).body().get("token").asText();
            final ApiClient.Answer accepted = api.as(adaToken).post("/executions/" + executionId + "/cancel",
                    Map.of("requestedBy", "mallory", "reason", "changed my mind"));

            assertThat(accepted.status()).isEqualTo(202);
            final JsonNode failed = Executions.awaitFinished(api, executionId);
            assertThat(failed.get("status").asText()).isEqualTo("FAILURE");
            assertThat(failed.at("/error/type").asText()).isEqualTo("Cancelled");
            assertThat(failed.at("/error/message").asText()).isEqualTo("Workflow cancelled by ada: changed my mind");
            Eventually.await(Duration.ofSeconds(30), "the entry point to stop", entryPointEnded::get);
            assertThat(stepsRun.get()).as("tasks after the cancel did not run").isLessThan(STEPS);
            assertThat(api.post("/executions/" + executionId + "/cancel", Map.of()).status()).isEqualTo(409);
            final JsonNode artifacts = Eventually.awaitValue(Duration.ofSeconds(30), "the cancel artifact", () -> {
                final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
                return items.size() == 1 ? items : null;
            });
            assertThat(artifacts.get(0).at("/data/Error Message").asText()).isEqualTo("Workflow cancelled by ada: changed my mind");
        }
    }

    @Test
    void shouldNeverStartAnExecutionCancelledWhileReadyAndWaitingForAFreeWorker() {
        final AtomicBoolean release = new AtomicBoolean();
        final List<String> started = new CopyOnWriteArrayList<>();
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            // One slot, held by the first execution: the second is READY, its dispatch waiting in Kafka.
            fixture.startWorker(fixture.workerOf(Catalogs.INSTANCE).concurrency(1).entryPoint("hello", ctx -> {
                started.add(ctx.input("name").orElseThrow());
                while (!release.get()) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }));
            final ApiClient api = fixture.api();
            final String holding = api.post("/jobs", Map.of("form", "hello", "name", "holds-the-slot", "inputs", Map.of("name", "first")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the first to be ACTIVE",
                    () -> "ACTIVE".equals(api.get("/executions/" + holding).body().path("status").asText()));
            final String waiting = api.post("/jobs", Map.of("form", "hello", "name", "waits", "inputs", Map.of("name", "second")))
                    .body().get("executionId").asText();
            Eventually.await(Duration.ofSeconds(30), "the second to be READY",
                    () -> "READY".equals(api.get("/executions/" + waiting).body().path("status").asText()));

            assertThat(api.post("/executions/" + waiting + "/cancel", Map.of("requestedBy", "ada")).status()).isEqualTo(202);
            assertThat(Executions.awaitFinished(api, waiting).get("status").asText()).isEqualTo("FAILURE");
            release.set(true);
            Executions.awaitSuccess(api, holding);
            final String after = api.post("/jobs", Map.of("form", "hello", "name", "after", "inputs", Map.of("name", "third")))
                    .body().get("executionId").asText();
            Executions.awaitSuccess(api, after);

            assertThat(started).as("the cancelled one never ran").containsExactly("first", "third");
            assertThat(api.get("/executions/" + waiting).body().get("anomalyCount").asInt())
                    .as("the worker reported nothing for it").isZero();
        } finally {
            release.set(true);
        }
    }
}
