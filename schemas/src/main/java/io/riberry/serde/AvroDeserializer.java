package io.riberry.serde;

import io.riberry.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a SpecificRecord: the writer's schema comes from the
 * registry by id, and Avro schema resolution maps it onto this reader's schema, so a newer reader
 * reads what an older writer wrote.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;

    public AvroDeserializer(final Schema readerSchema, final SchemaRegistryClient registry) {
        AvroTrust.install();
        this.readerSchema = readerSchema;
        this.registry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (registry == null) {
            registry = AvroSerdes.registryClient(configs);
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        final int writerId = WireFormat.schemaId(data);
        try {
            final SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId,
                    id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema, SpecificData.getForSchema(readerSchema)));
            final BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode a " + readerSchema.getName() + " from topic " + topic
                    + " (writer schema id " + writerId + "): " + e, e);
        }
    }
}
