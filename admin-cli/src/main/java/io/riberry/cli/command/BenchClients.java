package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.GlobalOptions;
import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.ExecutionState;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.riberry.topics.JobNamePartitioner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients the benchmarks use: a producer of any record type and a follower of the execution snapshots. */
final class BenchClients {

    private BenchClients() {
    }

    static <T extends SpecificRecordBase> KafkaProducer<String, T> producer(final GlobalOptions options, final Class<T> type) {
        return new KafkaProducer<>(options.kafka().clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // Jobs go to the partition that decides their name, as the HTTP API sends them; other records by key.
                ProducerConfig.PARTITIONER_CLASS_CONFIG, JobNamePartitioner.class)),
                new StringSerializer(), AvroSerdes.serde(type, options.registry(), options.registryCredentials(options.registry())).serializer());
    }

    /** A consumer of the committed execution snapshots, positioned at their current end. */
    static KafkaConsumer<String, ExecutionState> snapshotsFromNow(final GlobalOptions options, final String topic) {
        return snapshotsFromNow(options.kafka(), options.registry(), topic);
    }

    /** A consumer of the committed execution snapshots on {@code kafka}, positioned at their current end. */
    static KafkaConsumer<String, ExecutionState> snapshotsFromNow(final KafkaConnection kafka, final String registryUrl, final String topic) {
        final KafkaConsumer<String, ExecutionState> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10)),
                new StringDeserializer(), AvroSerdes.serde(ExecutionState.class, registryUrl).deserializer());
        final List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        if (partitions.isEmpty()) {
            consumer.close();
            throw new CliException("topic " + topic + " does not exist: is the platform running?");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
