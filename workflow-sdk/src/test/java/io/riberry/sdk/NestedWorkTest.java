package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work that nests or repeats: chains fanning out again, a stream opened twice, waits that must not overflow. */
class NestedWorkTest {

    @Test
    void shouldRunSubChainsOfAChainEvenWhenEveryPoolThreadIsAChainWaitingForThem() throws Exception {
        final EntryPoint nested = context -> {
            try (StreamScope outer = context.stream("outer")) {
                final Map<String, Task<Integer>> chains = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    final int chain = i;
                    chains.put("outer-" + chain, () -> {
                        final Map<String, Task<Integer>> inner = new LinkedHashMap<>();
                        inner.put("inner-" + chain + "-a", () -> 1);
                        inner.put("inner-" + chain + "-b", () -> 2);
                        return outer.runChains(inner).stream().mapToInt(ChainResult::value).sum();
                    });
                }
                assertThat(outer.runChains(chains)).extracting(ChainResult::value).containsExactly(3, 3);
            }
        };

        // With one chain thread, waiting on the pool from inside it would never end.
        final WorkflowTester.Result result = CompletableFuture.supplyAsync(() -> WorkflowTester.of(nested).concurrency(1).run())
                .get(20, TimeUnit.SECONDS);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.stepNames("outer")).containsExactlyInAnyOrder("outer-0", "outer-1", "inner-0-a", "inner-0-b", "inner-1-a", "inner-1-b");
    }

    @Test
    void shouldKeepTheStepsOfAStreamOpenedTwiceApart() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> {
            for (int round = 0; round < 2; round++) {
                try (StreamScope batch = context.stream("batch")) {
                    batch.step("load-" + round, () -> 1);
                    batch.step("save-" + round, () -> 2);
                }
            }
        }).run();

        // The platform keys a step by stream name and step id: reused ids would overwrite the first round.
        assertThat(result.stepNames("batch")).containsExactly("load-0", "save-0", "load-1", "save-1");
    }

    @Test
    void shouldCapTheBackoffWithoutOverflowingHoweverLongTheFirstOne() {
        final TaskOptions<Object> options = TaskOptions.defaults().withRetries(40, Duration.ofDays(200)).withMaxBackoff(Duration.ofDays(365));

        assertThat(options.backoff(1)).isEqualTo(Duration.ofDays(200));
        assertThat(options.backoff(2)).isEqualTo(Duration.ofDays(365));
        assertThat(options.backoff(40)).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void shouldRetryATimeoutEvenWhenRetryOnNamesOtherFailures() {
        final TaskOptions<Object> options = TaskOptions.defaults().retryOn(java.io.IOException.class);

        assertThat(options.isRetryable(new TaskTimeoutException("t", Duration.ofSeconds(1)))).isTrue();
        assertThat(options.isRetryable(new IllegalStateException())).isFalse();
        assertThat(options.doNotRetryOn(TaskTimeoutException.class).isRetryable(new TaskTimeoutException("t", Duration.ofSeconds(1))))
                .isFalse();
    }

    @Test
    void shouldReadAnInputTooLargeForADoubleAsNoDouble() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> context.input("n", Double.class)).input("n", "1e999").run();

        assertThat(result.failure()).get().isInstanceOf(InvalidInputException.class);
        assertThat(List.of(result.failure().get().getMessage())).singleElement().asString().contains("cannot be read as Double");
    }
}
