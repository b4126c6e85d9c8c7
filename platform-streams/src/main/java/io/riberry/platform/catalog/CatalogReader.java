package io.riberry.platform.catalog;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.CatalogEntry;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the published catalog: the compacted catalog topic from its start to its current end, latest value per id. */
public final class CatalogReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CatalogReader() {
    }

    public static Map<String, CatalogEntry> read(final String bootstrapServers, final SchemaRegistryClient registry, final String topic) {
        return read(KafkaConnection.to(bootstrapServers), registry, topic);
    }

    /** The catalog as published: every live entry of the compacted topic, read to its end. */
    public static Map<String, CatalogEntry> read(final KafkaConnection kafka, final SchemaRegistryClient registry, final String topic) {
        try (KafkaConsumer<String, CatalogEntry> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), AvroSerdes.serde(CatalogEntry.class, registry).deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
            final Map<String, CatalogEntry> latest = new TreeMap<>();
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey(), TIMEOUT) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out reading " + topic);
                }
                for (ConsumerRecord<String, CatalogEntry> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
            return latest;
        }
    }
}
