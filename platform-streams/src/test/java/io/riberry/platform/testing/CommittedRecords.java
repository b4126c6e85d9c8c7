package io.riberry.platform.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import io.riberry.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A consumer of what the platform committed to one of its topics on the shared broker, read from the start. */
public final class CommittedRecords {

    private CommittedRecords() {
    }

    /** A new consumer group subscribed to {@code topic} from its beginning, reading committed records only. */
    public static <V extends SpecificRecordBase> KafkaConsumer<String, V> consumer(final String topic, final Class<V> type) {
        final KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerdes.serde(type, SharedKafka.registryUrl()).deserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
