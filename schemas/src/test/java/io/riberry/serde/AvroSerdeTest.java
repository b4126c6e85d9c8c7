package io.riberry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.registry.InMemorySchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.WorkflowEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final String scope = UUID.randomUUID().toString();
    private final String url = SchemaRegistryClients.MOCK_SCHEME + scope;

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldWriteTheConfluentWireFormatAndReadItBack() {
        final Serde<WorkflowEvent> serde = AvroSerdes.serde(WorkflowEvent.class, url);
        final WorkflowEvent event = WorkflowEvent.newBuilder().setEventId("e-1").setExecutionId("x-1").setAttempt(1)
                .setInstance("i").setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).setPayload(new ExecutionStarted("p")).build();

        final byte[] bytes = serde.serializer().serialize("riberry.events", event);

        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        final int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(SchemaRegistryClients.forUrl(url).schemaById(id)).isEqualTo(WorkflowEvent.getClassSchema());
        assertThat(serde.deserializer().deserialize("riberry.events", bytes)).isEqualTo(event);
    }

    @Test
    void shouldShareIdsBetweenSerdesOfOneMockScope() {
        final Heartbeat heartbeat = new Heartbeat("i", "a", "p", Instant.EPOCH, List.of("hello"), false, "host-1", 7L, Instant.EPOCH);
        final byte[] bytes = AvroSerdes.serde(Heartbeat.class, url).serializer().serialize("hb", heartbeat);

        assertThat(AvroSerdes.serde(Heartbeat.class, url).deserializer().deserialize("hb", bytes)).isEqualTo(heartbeat);
    }

    @Test
    void shouldReadAHeartbeatOfAWorkerThatSaysNothingOfItsHostPidOrStartWithTheirDefaults() throws IOException {
        // Heartbeat as workers sent it before host, pid and startedAt: they still run while the platform is upgraded.
        final Schema before = new Schema.Parser().parse("""
                {"type": "record", "name": "Heartbeat", "namespace": "io.riberry.schema", "fields": [
                  {"name": "instance", "type": "string"}, {"name": "application", "type": "string"},
                  {"name": "processId", "type": "string"}, {"name": "sentAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "forms", "type": {"type": "array", "items": "string"}, "default": []},
                  {"name": "stopping", "type": "boolean", "default": false}]}""");
        final GenericRecord old = new GenericData.Record(before);
        old.put("instance", "i");
        old.put("application", "a");
        old.put("processId", "12@old-host");
        old.put("sentAt", 1_000L);
        old.put("forms", List.of("hello"));
        old.put("stopping", false);
        final int id = SchemaRegistryClients.forUrl(url).register("hb-value", before);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(WireFormat.MAGIC_BYTE);
        bytes.write(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();

        final Heartbeat read = AvroSerdes.serde(Heartbeat.class, url).deserializer().deserialize("hb", bytes.toByteArray());

        assertThat(read.getProcessId()).isEqualTo("12@old-host");
        assertThat(read.getForms()).containsExactly("hello");
        assertThat(read.getHost()).isEmpty();
        assertThat(read.getPid()).isZero();
        assertThat(read.getStartedAt()).isNull();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(Heartbeat.getClassSchema(), before).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldRefuseBytesThatAreNotInTheWireFormat() {
        final Serde<Heartbeat> serde = AvroSerdes.serde(Heartbeat.class, url);

        assertThatThrownBy(() -> serde.deserializer().deserialize("hb", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown magic byte 1");
        assertThatThrownBy(() -> serde.deserializer().deserialize("hb", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("needs at least 5");
        assertThatThrownBy(() -> serde.deserializer().deserialize("hb", new byte[] {0, 0, 0, 0, 7, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("writer schema id 7");
    }

    @Test
    void shouldPassNullsThrough() {
        final Serde<Heartbeat> serde = AvroSerdes.serde(Heartbeat.class, url);

        assertThat(serde.serializer().serialize("hb", null)).isNull();
        assertThat(serde.deserializer().deserialize("hb", null)).isNull();
    }
}
