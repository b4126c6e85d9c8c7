package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.ChainResult;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.Task;
import io.riberry.sdk.TaskOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A worker reports streams, steps, chains and progress; the platform's stores and API show exactly what happened. */
@ExtendWith(SharedKafka.class)
class ProgressIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldShowExactCountsOfAStreamOfChainsWithInterceptedFailures() {
        final AtomicReference<List<ChainResult<Integer>>> results = new AtomicReference<>();
        final EntryPoint hello = ctx -> {
            ctx.progress("preparing", 5);
            try (StreamScope prepare = ctx.stream("prepare", "Setup")) {
                prepare.step("load", () -> 1);
            }
            try (StreamScope customers = ctx.stream("customers", 40)) {
                final Map<String, Task<Integer>> chains = new LinkedHashMap<>();
                for (int i = 0; i < 40; i++) {
                    final int customer = i;
                    chains.put("customer-" + i, () -> {
                        if (customer % 10 == 3) {
                            throw new IllegalStateException("customer " + customer + " has no address");
                        }
                        return customer;
                    });
                }
                results.set(customers.runChains(chains, TaskOptions.<Integer>defaults().withFallback(-1)));
            }
            ctx.progress("done", 100);
        };
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            fixture.startWorker(Map.of("hello", hello));
            final ApiClient api = fixture.api();
            final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "chains", "inputs", Map.of("name", "n")))
                    .body().get("executionId").asText();

            final JsonNode execution = Executions.awaitSuccess(api, executionId);
            final JsonNode streams = Eventually.awaitValue(Duration.ofSeconds(30), "both streams to end", () -> {
                final JsonNode items = api.get("/executions/" + executionId + "/streams").body().get("items");
                return items.size() == 2 && items.get(1).path("status").asText().equals("SUCCESS") ? items : null;
            });

            // A chain that fell back says so, with its error: it is not a success.
            assertThat(results.get()).hasSize(40).filteredOn(ChainResult::succeeded).hasSize(36).allSatisfy(r -> assertThat(r.error()).isNull());
            assertThat(results.get()).filteredOn(ChainResult::fellBack).extracting(ChainResult::name)
                    .containsExactly("customer-3", "customer-13", "customer-23", "customer-33");
            assertThat(results.get()).filteredOn(ChainResult::fellBack).allSatisfy(r -> {
                assertThat(r.value()).isEqualTo(-1);
                assertThat(r.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("has no address");
            });
            final JsonNode intercepted = api.get("/executions/" + executionId + "/artifacts").body().get("items");
            assertThat(intercepted).hasSize(4).allSatisfy(a -> {
                assertThat(a.get("type").asText()).isEqualTo("ERROR");
                assertThat(a.get("category").asText()).isEqualTo("Intercepted");
                assertThat(a.at("/data/Error Message").asText()).endsWith("has no address");
            });
            assertThat(streams.get(0).get("stream").asText()).isEqualTo("prepare");
            assertThat(streams.get(0).get("category").asText()).isEqualTo("Setup");
            assertThat(streams.get(0).get("status").asText()).isEqualTo("SUCCESS");
            // Its failed chains fell back: the scope completed, so the stream succeeded, counting them failed and fallen back.
            assertThat(streams.get(1).get("expectedTotal").asLong()).isEqualTo(40);
            final JsonNode customers = streams.get(1).get("progress");
            assertThat(customers.get("succeeded").asLong()).isEqualTo(36);
            assertThat(customers.get("failed").asLong()).isEqualTo(4);
            assertThat(customers.get("queued").asLong() + customers.get("active").asLong()).isZero();
            assertThat(customers.get("fallenBack").asLong()).isEqualTo(4);
            assertThat(customers.get("percentComplete").asDouble()).isEqualTo(100.0);
            assertThat(customers.get("etaMillis").asLong()).isZero();
            assertThat(customers.get("stepsPerSecond").isNumber()).as("a rate over the stream's life").isTrue();
            assertThat(streams.get(0).at("/progress/percentComplete").isNumber()).as("prepare declared no total").isFalse();
            assertThat(execution.at("/progress/succeeded").asLong()).isEqualTo(37);
            assertThat(execution.at("/progress/failed").asLong()).isEqualTo(4);
            assertThat(execution.get("progressMessage").asText()).isEqualTo("done");
            assertThat(execution.has("progressPercent")).as("one percentage: progress.percentComplete").isFalse();
            assertThat(execution.at("/progress/percentComplete").asDouble()).as("every open stream declared a total").isEqualTo(100.0);
            assertThat(api.get("/executions/no-such/streams").status()).isEqualTo(404);
        }
    }
}
