package io.riberry.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.riberry.platform.store.ExecutionCountKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of what this replica's active tasks hold, read from their stores at each scrape: only
 * active tasks (never standbys), so each execution and instance is reported by exactly one
 * replica and a sum over replicas is the system's total. The cost is bounded by the catalog,
 * not by the number of executions: the count store holds one key per form and status per task,
 * the instance store one entry per instance. While a store is migrating its series are absent.
 */
final class StoreGauges {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);
    /** The statuses an instance's own counts cover: queued, handed over, running. */
    private static final List<ExecutionStatus> INSTANCE_COUNTED = List.of(ExecutionStatus.RECEIVED, ExecutionStatus.READY,
            ExecutionStatus.ACTIVE);

    private final KafkaStreams streams;
    private final MultiGauge executions;
    private final MultiGauge instanceExecutions;
    private final MultiGauge instanceStatus;

    StoreGauges(final KafkaStreams streams, final MeterRegistry registry) {
        this.streams = streams;
        this.executions = MultiGauge.builder("riberry.executions")
                .description("Executions held by this replica's active tasks, by form and status").register(registry);
        this.instanceExecutions = MultiGauge.builder("riberry.instance.executions")
                .description("An instance's executions queued (RECEIVED), READY and ACTIVE").register(registry);
        this.instanceStatus = MultiGauge.builder("riberry.instance.status")
                .description("1 for an instance's current status, 0 for the others").register(registry);
    }

    /** Reads the stores; synchronized because scrapes may run on several HTTP threads at once. */
    synchronized void refresh() {
        final Map<String, Long> counts = new TreeMap<>();
        readLocal(StoreNames.EXECUTION_COUNTS, (String key, Long count) -> counts.merge(key, count, Long::sum));
        final List<MultiGauge.Row<?>> executionRows = new ArrayList<>();
        counts.forEach((key, count) -> ExecutionCountKeys.parse(key).ifPresent(counted -> executionRows.add(
                MultiGauge.Row.of(Tags.of("form", counted.form(), "status", counted.status().name()), count))));
        executions.register(executionRows, true);

        final List<MultiGauge.Row<?>> countRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        readLocal(StoreNames.INSTANCE_STATUS, (String name, InstanceState state) -> {
            for (ExecutionStatus status : INSTANCE_COUNTED) {
                countRows.add(MultiGauge.Row.of(Tags.of("instance", name, "status", status.name()), countOf(state, status)));
            }
            for (InstanceStatus status : InstanceStatus.values()) {
                statusRows.add(MultiGauge.Row.of(Tags.of("instance", name, "status", status.name()), state.getStatus() == status ? 1 : 0));
            }
        });
        instanceExecutions.register(countRows, true);
        instanceStatus.register(statusRows, true);
    }

    private static int countOf(final InstanceState state, final ExecutionStatus status) {
        return switch (status) {
            case RECEIVED -> state.getQueuedCount();
            case READY -> state.getReadyCount();
            case ACTIVE -> state.getActiveCount();
            default -> throw new IllegalArgumentException("an instance does not count " + status);
        };
    }

    /** Every entry of the store in this replica's active tasks; none while it cannot be queried. */
    private <V> void readLocal(final String storeName, final BiConsumer<String, V> entry) {
        try {
            final ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            try (KeyValueIterator<String, V> all = store.all()) {
                all.forEachRemaining(kv -> entry.accept(kv.key, kv.value));
            }
        } catch (InvalidStateStoreException e) {
            LOG.debug("Store {} cannot be read for metrics now: {}", storeName, e.getMessage());
        }
    }
}
