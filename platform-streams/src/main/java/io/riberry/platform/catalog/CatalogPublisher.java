package io.riberry.platform.catalog;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.CatalogEntry;
import io.riberry.serde.AvroSerdes;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes catalog entries to the compacted catalog topic; a null entry deletes the entity. */
public final class CatalogPublisher {

    private CatalogPublisher() {
    }

    public static void publish(final String bootstrapServers, final SchemaRegistryClient registry, final String topic,
                               final Map<String, CatalogEntry> entries) {
        publish(KafkaConnection.to(bootstrapServers), registry, topic, entries);
    }

    /** Publishes {@code entries} (a null value deletes) and waits until every one is acknowledged. */
    public static void publish(final KafkaConnection kafka, final SchemaRegistryClient registry, final String topic,
                               final Map<String, CatalogEntry> entries) {
        try (KafkaProducer<String, CatalogEntry> producer = new KafkaProducer<>(
                kafka.clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), AvroSerdes.serde(CatalogEntry.class, registry).serializer())) {
            for (Map.Entry<String, CatalogEntry> entry : entries.entrySet()) {
                producer.send(new ProducerRecord<>(topic, entry.getKey(), entry.getValue())).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish the catalog: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the catalog", e);
        }
    }
}
