package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.cli.dev.DevSystem;
import io.riberry.platform.client.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riberry dev} started again on the same data directory keeps every execution. */
class DevSystemIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryExecutionWhenStartedAgainOnTheSameDataDirectory() {
        final DevSystem.Settings settings = new DevSystem.Settings(0, 0, 0, dataDir, Path.of("no-such-catalog.yaml"));
        final String executionId;
        try (DevSystem first = DevSystem.start(settings)) {
            final ApiClient api = new ApiClient(first.apiUrl());
            executionId = api.post("/jobs", Map.of("form", "hello", "name", "durable", "inputs", Map.of("name", "Ada")))
                    .body().get("executionId").asText();
            awaitStatus(api, executionId, "SUCCESS");
        }

        try (DevSystem second = DevSystem.start(settings)) {
            final ApiClient api = new ApiClient(second.apiUrl());
            final ApiClient.Answer kept = api.get("/executions/" + executionId);
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.body().get("status").asText()).isEqualTo("SUCCESS");
            assertThat(kept.body().get("jobName").asText()).isEqualTo("durable");

            final String next = api.post("/jobs", Map.of("form", "hello", "name", "after-restart", "inputs", Map.of("name", "Bo")))
                    .body().get("executionId").asText();
            awaitStatus(api, next, "SUCCESS");
        }
    }

    private static void awaitStatus(final ApiClient api, final String executionId, final String status) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!status.equals(api.get("/executions/" + executionId).body().path("status").asText())) {
            assertThat(System.nanoTime()).as("execution %s reaches %s within 60 s", executionId, status).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
