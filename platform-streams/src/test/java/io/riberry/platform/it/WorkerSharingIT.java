package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.sdk.EntryPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two worker processes of one instance share its dispatches, and each dispatch runs exactly once. */
@ExtendWith(SharedKafka.class)
class WorkerSharingIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldShareAnInstancesWorkBetweenItsProcessesAndRunEachDispatchOnce() {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Set<String> ranOnFirst = ConcurrentHashMap.newKeySet();
        final Set<String> ranOnSecond = ConcurrentHashMap.newKeySet();
        try (PlatformFixture fixture = PlatformFixture.start(stateDir, Catalogs.demo())) {
            fixture.startWorker(Map.of("hello", counting(runs, ranOnFirst)));
            fixture.startWorker(Map.of("hello", counting(runs, ranOnSecond)));
            final ApiClient api = fixture.api();

            // The second process joins the instance's group a moment after the first: keep
            // submitting until both have taken work (the partitions were rebalanced).
            final List<String> executionIds = new ArrayList<>();
            Eventually.await(Duration.ofSeconds(60), "both processes to run dispatches", () -> {
                for (int i = 0; i < 20; i++) {
                    final ApiClient.Answer accepted = api.post("/jobs", Map.of("form", "hello", "name", "shared-" + executionIds.size(),
                            "inputs", Map.of("name", "n" + i)));
                    assertThat(accepted.status()).isEqualTo(202);
                    executionIds.add(accepted.body().get("executionId").asText());
                }
                return !ranOnFirst.isEmpty() && !ranOnSecond.isEmpty();
            });
            executionIds.forEach(id -> Executions.awaitSuccess(api, id));

            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(executionIds);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(ranOnFirst).isNotEmpty();
            assertThat(ranOnSecond).isNotEmpty();
            assertThat(ranOnFirst).doesNotContainAnyElementsOf(ranOnSecond);
        }
    }

    private static EntryPoint counting(final Map<String, AtomicInteger> runs, final Set<String> ranHere) {
        return ctx -> {
            runs.computeIfAbsent(ctx.executionId(), id -> new AtomicInteger()).incrementAndGet();
            ranHere.add(ctx.executionId());
        };
    }
}
