package io.riberry.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The registry selected by a {@code mock://scope} URL: in memory, shared by every client of the
 * same scope within the JVM, so a serializer and a deserializer built separately agree on ids.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, SchemaRegistryState> SCOPES = new ConcurrentHashMap<>();

    private final SchemaRegistryState state;

    private InMemorySchemaRegistryClient(final SchemaRegistryState state) {
        this.state = state;
    }

    public static InMemorySchemaRegistryClient forScope(final String scope) {
        return new InMemorySchemaRegistryClient(SCOPES.computeIfAbsent(scope, s -> new SchemaRegistryState()));
    }

    /** Forgets a scope, so a test can start from an empty registry. */
    public static void dropScope(final String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public int register(final String subject, final Schema schema) {
        synchronized (state) {
            state.proposeRegistration(subject, schema).ifPresent(state::apply);
            return state.lookup(subject, schema).orElseThrow().id();
        }
    }

    @Override
    public Schema schemaById(final int id) {
        return state.schemaById(id).orElseThrow(() -> new SchemaRegistryException(404, "Schema " + id + " not found"));
    }

    @Override
    public boolean isCompatible(final String subject, final Schema schema) {
        return state.incompatibilities(subject, schema).isEmpty();
    }
}
