package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.ExecutionEndedException;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.TaskFailedException;
import io.riberry.sdk.TaskOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Task wrappers on a real worker: retries with backoff, and a fatal failure ends the execution so later tasks never run. */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskWrappersIT {

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean shipped = new AtomicBoolean();
    private final AtomicReference<Exception> afterFailure = new AtomicReference<>();
    private PlatformFixture fixture;
    private ApiClient api;

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        fixture = PlatformFixture.start(stateDir, Catalogs.demo());
        final EntryPoint hello = ctx -> {
            try (StreamScope order = ctx.stream("order")) {
                if ("flaky".equals(ctx.input("name").orElse(""))) {
                    order.step("reserve", TaskOptions.<String>defaults().withRetries(2, Duration.ofMillis(20)), () -> {
                        if (attempts.incrementAndGet() < 3) {
                            throw new IllegalStateException("stock service busy");
                        }
                        return "reserved";
                    });
                    return;
                }
                try {
                    order.step("charge", () -> {
                        throw new IllegalStateException("card declined");
                    });
                } catch (TaskFailedException expected) {
                    try {
                        order.step("ship", () -> shipped.getAndSet(true));
                    } catch (ExecutionEndedException e) {
                        afterFailure.set(e);
                    }
                }
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
    void shouldRetryWithBackoffAndSucceedWithinTheLimit() {
        final JsonNode execution = finished(submit("flaky"));

        assertThat(execution.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(execution.at("/progress/succeeded").asLong()).isEqualTo(1);
        assertThat(execution.at("/progress/failed").asLong()).isZero();
    }

    @Test
    void shouldFailTheExecutionAtOnceAndNotRunALaterTask() {
        final String executionId = submit("declined");
        final JsonNode execution = finished(executionId);

        assertThat(execution.get("status").asText()).isEqualTo("FAILURE");
        assertThat(execution.at("/error/message").asText()).isEqualTo("card declined");
        assertThat(shipped.get()).isFalse();
        assertThat(afterFailure.get()).isInstanceOf(ExecutionEndedException.class);
        final JsonNode artifacts = Eventually.awaitValue(Duration.ofSeconds(30), "the fatal artifact", () -> {
            final JsonNode items = api.get("/executions/" + executionId + "/artifacts").body().get("items");
            return items.size() == 1 ? items : null;
        });
        assertThat(artifacts.get(0).get("name").asText()).isEqualTo("Exception charge");
        assertThat(artifacts.get(0).get("category").asText()).isEqualTo("Fatal");
        assertThat(execution.at("/progress/failed").asLong()).isEqualTo(1);
    }

    private String submit(final String name) {
        return api.post("/jobs", Map.of("form", "hello", "name", "wrappers-" + name, "inputs", Map.of("name", name)))
                .body().get("executionId").asText();
    }

    private JsonNode finished(final String executionId) {
        return Executions.awaitFinished(api, executionId);
    }
}
