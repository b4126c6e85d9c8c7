package io.riberry.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.junit.jupiter.api.Test;

/** Which Kafka meters reach GET /metrics, named as Micrometer's Kafka binder names them. */
class KafkaMetricsFilterTest {

    private final KafkaMetricsFilter filter = new KafkaMetricsFilter();

    @Test
    void shouldKeepThreadTaskAndClientMetrics() {
        assertThat(reply("kafka.stream.thread.commit.latency.avg", "thread.id", "t-1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.task.dropped.records.total", "task.id", "0_1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.fetch.manager.records.lag.max", "client.id", "c-1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.producer.txn.commit.time.ns.total", "client.id", "p-1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.state.updater.idle.ratio", "thread.id", "t-1")).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    @Test
    void shouldKeepAStoresSizeButNotItsDebugLevelOperations() {
        assertThat(reply("kafka.stream.state.estimate.num.keys", "rocksdb.state.id", "executions")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.state.size.all.mem.tables", "rocksdb.state.id", "executions")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.state.put.latency.avg", "rocksdb.state.id", "executions")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.stream.state.range.rate", "rocksdb.state.id", "executions")).isEqualTo(MeterFilterReply.DENY);
    }

    @Test
    void shouldKeepOnlyTheLagOfEachPartition() {
        assertThat(reply("kafka.consumer.fetch.manager.records.lag", "topic", "riberry.events", "partition", "0"))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.fetch.manager.records.lead.min", "topic", "riberry.events", "partition", "0"))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.fetch.manager.bytes.consumed.rate", "topic", "riberry.events")).isEqualTo(MeterFilterReply.DENY);
    }

    @Test
    void shouldLeaveOutCopiesPerTopicNodeAndConnection() {
        assertThat(reply("kafka.stream.processor.node.record.e2e.latency.avg", "processor.node.id", "execution-processor"))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.stream.topic.records.consumed.total", "topic", "riberry.events")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.producer.topic.record.send.rate", "topic", "riberry.executions")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.node.request.latency.avg", "node.id", "node-1")).isEqualTo(MeterFilterReply.DENY);
    }

    @Test
    void shouldKeepEverythingThatIsNotKafkas() {
        assertThat(reply("riberry.executions", "form", "hello")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("jvm.memory.used", "area", "heap")).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    private MeterFilterReply reply(final String name, final String... tags) {
        return filter.accept(new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.GAUGE));
    }
}
