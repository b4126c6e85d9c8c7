package io.riberry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.registry.InMemorySchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.WorkflowEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
        final Heartbeat heartbeat = new Heartbeat("i", "a", "p", Instant.EPOCH, List.of("hello"), false);
        final byte[] bytes = AvroSerdes.serde(Heartbeat.class, url).serializer().serialize("hb", heartbeat);

        assertThat(AvroSerdes.serde(Heartbeat.class, url).deserializer().deserialize("hb", bytes)).isEqualTo(heartbeat);
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
