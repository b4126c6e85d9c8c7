package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.cli.dev.DevSystem;
import io.riberry.cli.scale.PlatformReplica;
import io.riberry.platform.client.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riberry dev} started again on the same data directory keeps every execution, and takes a second replica. */
class DevSystemIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryExecutionWhenStartedAgainOnTheSameDataDirectory() {
        final DevSystem.Settings settings = new DevSystem.Settings(0, 0, 0, dataDir, Path.of("no-such-catalog.yaml"));
        final String executionId;
        try (DevSystem first = DevSystem.start(settings)) {
            final ApiClient api = new ApiClient(first.apiUrl(), first.adminToken());
            executionId = api.post("/jobs", Map.of("form", "hello", "name", "durable", "inputs", Map.of("name", "Ada")))
                    .body().get("executionId").asText();
            awaitStatus(api, executionId, "SUCCESS");
        }

        try (DevSystem second = DevSystem.start(settings)) {
            final ApiClient api = new ApiClient(second.apiUrl(), second.adminToken());
            final ApiClient.Answer kept = api.get("/executions/" + executionId);
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.body().get("status").asText()).isEqualTo("SUCCESS");
            assertThat(kept.body().get("jobName").asText()).isEqualTo("durable");

            final String next = api.post("/jobs", Map.of("form", "hello", "name", "after-restart", "inputs", Map.of("name", "Bo")))
                    .body().get("executionId").asText();
            awaitStatus(api, next, "SUCCESS");
        }
    }

    private static String readSecret(final Path file) {
        try {
            return java.nio.file.Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldTakeARiberryPlatformPointedAtItAsASecondReplica() {
        final DevSystem.Settings settings = new DevSystem.Settings(0, 0, 0, dataDir, Path.of("no-such-catalog.yaml"));
        try (DevSystem dev = DevSystem.start(settings);
             PlatformReplica second = PlatformReplica.of("second", Map.of(
                     "RIBERRY_BOOTSTRAP_SERVERS", dev.bootstrapServers(),
                     "RIBERRY_REGISTRY_EMBEDDED", "false",
                     "RIBERRY_SCHEMA_REGISTRY_URL", dev.registryUrl(),
                     // The dev system's own secrets: the second replica joins it, as the README shows.
                     "RIBERRY_AUTH_REPLICA_SECRET", readSecret(DevSystem.replicaSecretFile(dataDir)),
                     "RIBERRY_AUTH_ADMIN_TOKEN_FILE", DevSystem.adminTokenFile(dataDir).toString()),
                     dataDir.resolve("replicas"), System.out).start()) {
            second.awaitReady(Duration.ofSeconds(120));
            final ApiClient devApi = new ApiClient(dev.apiUrl(), dev.adminToken());
            final ApiClient secondApi = second.api();
            final List<String> executionIds = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final ApiClient through = i % 2 == 0 ? devApi : secondApi;
                executionIds.add(submit(through, "shared-" + i));
            }

            for (String executionId : executionIds) {
                awaitStatus(devApi, executionId, "SUCCESS");
                awaitStatus(secondApi, executionId, "SUCCESS");
            }
            assertThat(devApi.get("/health/ready").status()).isEqualTo(200);
        }
    }

    /** Submits a hello job as a client should: again after a 503, which says to retry. */
    private static String submit(final ApiClient api, final String name) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ApiClient.Answer answer = api.post("/jobs", Map.of("form", "hello", "name", name, "inputs", Map.of("name", "Ada")));
        while (answer.status() == 503 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            answer = api.post("/jobs", Map.of("form", "hello", "name", name, "inputs", Map.of("name", "Ada")));
        }
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
        return answer.body().get("executionId").asText();
    }

    private static void awaitStatus(final ApiClient api, final String executionId, final String status) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!status.equals(api.get("/executions/" + executionId).body().path("status").asText())) {
            assertThat(System.nanoTime()).as("execution %s reaches %s within 60 s", executionId, status).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
