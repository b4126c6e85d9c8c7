package io.riberry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaRegistryStateTest {

    private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"string\"}");
    private static final Schema V2 = record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 1}");
    private static final Schema BREAKING = record("{\"name\": \"c\", \"type\": \"int\"}");

    @Test
    void shouldNumberVersionsAndGiveEachDistinctSchemaAnId() {
        final SchemaRegistryState state = new SchemaRegistryState();
        final RegisteredSchema first = register(state, "s-value", V1);
        final RegisteredSchema second = register(state, "s-value", V2);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.id()).isNotEqualTo(first.id()).isPositive();
        assertThat(state.proposeRegistration("s-value", V1)).isEmpty();
        assertThat(state.latest("s-value")).contains(second);
    }

    @Test
    void shouldGiveTheSameIdsOnEveryReplicaThatReplaysTheSameLog() {
        final SchemaRegistryState one = new SchemaRegistryState();
        final SchemaRegistryState other = new SchemaRegistryState();
        final RegisteredSchema a = register(one, "x-value", V1);
        final RegisteredSchema b = register(one, "y-value", V2);

        other.apply(a);
        other.apply(b);

        assertThat(other.schemaById(a.id())).contains(V1);
        assertThat(other.schemaById(b.id())).contains(V2);
        assertThat(register(new SchemaRegistryState(), "z-value", V1).id()).isEqualTo(a.id());
    }

    @Test
    void shouldRefuseABackwardIncompatibleSchemaWith409() {
        final SchemaRegistryState state = new SchemaRegistryState();
        register(state, "s-value", V1);

        assertThat(state.incompatibilities("s-value", BREAKING)).isNotEmpty();
        assertThatThrownBy(() -> state.proposeRegistration("s-value", BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldKeepTheFirstRegistrationWhenTwoRaceForOneVersion() {
        final SchemaRegistryState state = new SchemaRegistryState();
        final RegisteredSchema winner = new RegisteredSchema("s-value", 1, 11, V1);
        final RegisteredSchema loser = new RegisteredSchema("s-value", 1, 12, V2);

        state.apply(winner);
        state.apply(loser);

        assertThat(state.versions("s-value")).containsExactly(winner);
        assertThat(state.lookup("s-value", V2)).isEqualTo(Optional.empty());
    }

    private static RegisteredSchema register(final SchemaRegistryState state, final String subject, final Schema schema) {
        final RegisteredSchema registered = state.proposeRegistration(subject, schema).orElseThrow();
        state.apply(registered);
        return registered;
    }

    private static Schema record(final String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + fields + "]}");
    }
}
