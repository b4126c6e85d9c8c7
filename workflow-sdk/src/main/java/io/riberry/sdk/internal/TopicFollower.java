package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic on a thread of its own, without a consumer group (every
 * process of an instance sees every record), from where {@code startAt} puts it, handing each
 * committed record to {@code handler}.
 */
final class TopicFollower<V extends SpecificRecordBase> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, V> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean open = true;

    TopicFollower(final KafkaConnection kafka, final String registryUrl, final String topic, final Class<V> type, final String threadName,
                  final BiConsumer<KafkaConsumer<String, V>, List<TopicPartition>> startAt, final Consumer<ConsumerRecord<String, V>> handler) {
        this.topic = topic;
        consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), AvroSerdes.serde(type, registryUrl).deserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        startAt.accept(consumer, partitions);
        // Resolved now, so what is published after the constructor returns is never skipped.
        partitions.forEach(consumer::position);
        thread = new Thread(() -> follow(handler), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(final Consumer<ConsumerRecord<String, V>> handler) {
        try {
            while (open) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        handler.accept(record);
                    }
                }
            }
        } catch (WakeupException e) {
            if (open) {
                LOG.error("Follower of {} woken up unexpectedly", topic, e);
            }
        } catch (RuntimeException e) {
            LOG.error("Follower of {} stopped; what is published there will not reach this worker", topic, e);
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
