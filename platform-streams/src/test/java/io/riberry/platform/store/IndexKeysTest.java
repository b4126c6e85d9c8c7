package io.riberry.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.ProgressCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key order is the contract of the stores' range scans: these orders are what listing and dispatch rely on. */
class IndexKeysTest {

    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void shouldSortExecutionIndexKeysNewestFirstThenById() {
        final List<String> keys = new ArrayList<>(List.of(
                ExecutionIndexKeys.key(ExecutionIndexKeys.allPrefix(), T, "b"),
                ExecutionIndexKeys.key(ExecutionIndexKeys.allPrefix(), T.plusMillis(1), "z"),
                ExecutionIndexKeys.key(ExecutionIndexKeys.allPrefix(), T, "a"),
                ExecutionIndexKeys.key(ExecutionIndexKeys.allPrefix(), T.minusSeconds(86_400 * 365), "c")));

        keys.sort(String::compareTo);

        assertThat(keys).extracting(ExecutionIndexKeys::executionIdOf).containsExactly("z", "a", "b", "c");
    }

    @Test
    void shouldIndexAnExecutionUnderEveryDimensionWithinItsPrefix() {
        final ExecutionState execution = ExecutionState.newBuilder().setExecutionId("e1").setJobId("j").setJobName("n")
                .setApplication("app").setInstance("inst").setForm("f").setStatus(ExecutionStatus.READY)
                .setCreatedAt(T).setUpdatedAt(T).setProgress(new ProgressCounts()).build();

        final List<String> keys = ExecutionIndexKeys.keysOf(execution);

        assertThat(keys).hasSize(5).allSatisfy(key -> assertThat(ExecutionIndexKeys.executionIdOf(key)).isEqualTo("e1"));
        assertThat(keys).anySatisfy(k -> assertThat(k).startsWith(ExecutionIndexKeys.statusPrefix(ExecutionStatus.READY)))
                .anySatisfy(k -> assertThat(k).startsWith(ExecutionIndexKeys.formPrefix("f")))
                .anySatisfy(k -> assertThat(k).startsWith(ExecutionIndexKeys.applicationPrefix("app")))
                .anySatisfy(k -> assertThat(k).startsWith(ExecutionIndexKeys.instancePrefix("inst")));
        assertThat(ExecutionIndexKeys.endOf("form|f|").compareTo(keys.get(2))).isPositive();
    }

    @Test
    void shouldKeepAnInstancesExecutionsInFlightUnderOnePrefix() {
        final String key = InstanceKeys.key("demo-local", "e-1");

        assertThat(key).startsWith(InstanceKeys.prefix("demo-local"));
        assertThat(key).doesNotStartWith(InstanceKeys.prefix("demo"));
        assertThat(InstanceKeys.idOf(key)).isEqualTo("e-1");
    }

    @Test
    void shouldDeriveTheSameExecutionIdForTheSameJobAndRun() {
        assertThat(ExecutionIds.of("job-1", 1)).isEqualTo(ExecutionIds.of("job-1", 1))
                .isNotEqualTo(ExecutionIds.of("job-1", 2)).isNotEqualTo(ExecutionIds.of("job-2", 1));
    }
}
