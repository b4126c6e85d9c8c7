package io.riberry.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Set;

/**
 * Keeps the Kafka metrics an operator of the platform reads and leaves out those that multiply
 * by topic, partition, broker connection, processor node or store without telling more: Streams
 * registers every store's DEBUG-level operation metrics though they are never recorded at INFO,
 * and per-topic and per-node copies of the client totals. Together they were most of the 7,000
 * lines the hand-written exposition printed. All of them remain in JMX, where Kafka registers
 * every metric.
 */
final class KafkaMetricsFilter implements MeterFilter {

    /** Families kept by the client, thread and task; repeated per topic, node or connection. */
    private static final List<String> DENIED_PREFIXES = List.of(
            "kafka.stream.processor.node.",
            "kafka.stream.topic.",
            "kafka.stream.record.cache.",
            "kafka.producer.topic.",
            "kafka.producer.node.",
            "kafka.consumer.node.",
            "kafka.admin.client.node.");
    private static final String STATE = "kafka.stream.state.";
    private static final String STATE_UPDATER = "kafka.stream.state.updater.";
    /** A store's memory, disk, size and health; its operation rates and latencies are DEBUG-level. */
    private static final Set<String> KEPT_STATE = Set.of(
            STATE + "size.all.mem.tables",
            STATE + "block.cache.usage",
            STATE + "total.sst.files.size",
            STATE + "estimate.num.keys",
            STATE + "background.errors");
    private static final String FETCH_MANAGER = "kafka.consumer.fetch.manager.";
    /** Per partition, only the lag: what an operator alerts on. */
    private static final String PARTITION_LAG = FETCH_MANAGER + "records.lag";

    @Override
    public MeterFilterReply accept(final Meter.Id id) {
        return isKept(id) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }

    private static boolean isKept(final Meter.Id id) {
        final String name = id.getName();
        if (!name.startsWith("kafka.")) {
            return true;
        }
        if (DENIED_PREFIXES.stream().anyMatch(name::startsWith)) {
            return false;
        }
        if (name.startsWith(STATE) && !name.startsWith(STATE_UPDATER)) {
            return KEPT_STATE.contains(name);
        }
        if (name.startsWith(FETCH_MANAGER) && id.getTag("topic") != null) {
            return name.equals(PARTITION_LAG) && id.getTag("partition") != null;
        }
        return true;
    }
}
