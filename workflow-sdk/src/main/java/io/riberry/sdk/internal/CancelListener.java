package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the commands topic from ten minutes back, without a group: every process sees every
 * cancel and acts on those of the executions it runs or is about to run. Commands are few, so
 * reading them all is cheap.
 */
public final class CancelListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);
    private static final Duration LOOK_BACK = Duration.ofMinutes(10);

    private final KafkaConsumer<String, ExecutionCommand> consumer;
    private final Thread thread;
    private volatile boolean open = true;

    public CancelListener(final String bootstrapServers, final String registryUrl, final String topic, final Consumer<String> cancel) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerdes.serde(ExecutionCommand.class, registryUrl).deserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        // From a little while back, not from the end: a cancel of an execution that was READY
        // before this process started must still keep it from running here.
        final long since = System.currentTimeMillis() - LOOK_BACK.toMillis();
        final Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> since)));
        for (TopicPartition partition : partitions) {
            final OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        partitions.forEach(consumer::position);
        thread = new Thread(() -> follow(cancel), "riberry-cancel-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(final Consumer<String> cancel) {
        try {
            while (open) {
                for (ConsumerRecord<String, ExecutionCommand> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().getType() == ExecutionCommandType.CANCEL) {
                        cancel.accept(record.value().getExecutionId());
                    }
                }
            }
        } catch (WakeupException e) {
            if (open) {
                LOG.error("Cancel listener woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Cancel listener stopped; cancels will not reach running tasks", e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
