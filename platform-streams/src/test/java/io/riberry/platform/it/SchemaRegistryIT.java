package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.platform.auth.Authentication;
import io.riberry.platform.registry.SchemaRegistryServer;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.registry.RestSchemaRegistryClient;
import io.riberry.registry.SchemaRegistryException;
import io.riberry.schema.Heartbeat;
import io.riberry.serde.AvroDeserializer;
import io.riberry.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded registry over its REST API, backed by the _schemas topic of a real broker. */
@ExtendWith(SharedKafka.class)
class SchemaRegistryIT {

    /** Heartbeat as it was before {@code forms} was added: what an old worker writes. */
    private static final Schema OLD_HEARTBEAT = new Schema.Parser().parse("""
            {"type": "record", "name": "Heartbeat", "namespace": "io.riberry.schema", "fields": [
              {"name": "instance", "type": "string"},
              {"name": "application", "type": "string"},
              {"name": "processId", "type": "string"},
              {"name": "sentAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");

    private final RestSchemaRegistryClient client = new RestSchemaRegistryClient(SharedKafka.registryUrl());

    @Test
    void shouldAcceptACompatibleNewVersionAndRefuseAnIncompatibleOneWith409() {
        final String subject = "evolution-" + UUID.randomUUID() + "-value";
        final Schema v1 = record("{\"name\": \"a\", \"type\": \"string\"}");
        final Schema v2 = record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
        final Schema incompatible = record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"c\", \"type\": \"int\"}");

        final int first = client.register(subject, v1);
        final int second = client.register(subject, v2);

        assertThat(second).isNotEqualTo(first);
        assertThat(client.register(subject, v1)).isEqualTo(first);
        assertThat(client.isCompatible(subject, incompatible)).isFalse();
        assertThatThrownBy(() -> client.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(client.schemaById(second)).isEqualTo(v2);
    }

    @Test
    void shouldLetANewReaderReadWhatAnOldWriterWrote() {
        final String topic = "evolution-" + UUID.randomUUID();
        final GenericRecord old = new GenericData.Record(OLD_HEARTBEAT);
        old.put("instance", "legacy");
        old.put("application", "demo");
        old.put("processId", "42@old-host");
        old.put("sentAt", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new AvroSerializer<>(OLD_HEARTBEAT, client))) {
            producer.send(new ProducerRecord<>(topic, "legacy", old));
        }

        try (KafkaConsumer<String, Heartbeat> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new AvroDeserializer<>(Heartbeat.getClassSchema(), new RestSchemaRegistryClient(SharedKafka.registryUrl())))) {
            consumer.subscribe(List.of(topic));
            final Heartbeat read = Eventually.awaitValue(Duration.ofSeconds(30), "the old heartbeat", () -> {
                for (ConsumerRecord<String, Heartbeat> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
                return null;
            });
            assertThat(read.getInstance()).isEqualTo("legacy");
            assertThat(read.getSentAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(read.getForms()).isEmpty();
        }
    }

    @Test
    void shouldGiveTheSameIdsFromEveryRegistryInstance() {
        final String subject = "shared-" + UUID.randomUUID() + "-value";
        try (SchemaRegistryServer other = SchemaRegistryServer.start(SharedKafka.bootstrapServers(), "127.0.0.1", 0, Authentication.disabled())) {
            final RestSchemaRegistryClient viaOther = new RestSchemaRegistryClient(other.url());
            final Schema v1 = record("{\"name\": \"x\", \"type\": \"long\"}");
            final Schema v2 = record("{\"name\": \"x\", \"type\": \"long\"}, {\"name\": \"y\", \"type\": \"string\", \"default\": \"\"}");

            final int idHere = client.register(subject, v1);
            final int idThere = viaOther.register(subject, v2);

            assertThat(viaOther.register(subject, v1)).isEqualTo(idHere);
            assertThat(new RestSchemaRegistryClient(SharedKafka.registryUrl()).schemaById(idThere)).isEqualTo(v2);
            assertThat(new RestSchemaRegistryClient(other.url()).schemaById(idHere)).isEqualTo(v1);
        }
    }

    private static Schema record(final String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Evolving\", \"namespace\": \"test\", \"fields\": [" + fields + "]}");
    }
}
