package io.riberry.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * The registry's model: subjects with ordered versions, and global ids. Shared by the in-memory
 * registry ({@code mock://}) and the embedded one, which replays its {@code _schemas} log into it.
 *
 * <p>Ids are derived from the schema's canonical form, so every platform instance that replays
 * the same log assigns the same id to the same schema without any coordination.
 */
public final class SchemaRegistryState {

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();

    /** Adds a registration read from the log (or made locally); re-applying one is harmless. */
    public synchronized void apply(final RegisteredSchema registered) {
        schemasById.put(registered.id(), registered.schema());
        idsByCanonicalForm.put(canonical(registered.schema()), registered.id());
        final List<RegisteredSchema> versions = subjects.computeIfAbsent(registered.subject(), s -> new ArrayList<>());
        if (versions.stream().noneMatch(v -> v.version() == registered.version())) {
            versions.add(registered);
            versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        }
    }

    /**
     * What registering {@code schema} under {@code subject} would add: empty when it is already
     * there. Throws {@link SchemaRegistryException} 409 when it is incompatible with the latest version.
     */
    public synchronized Optional<RegisteredSchema> proposeRegistration(final String subject, final Schema schema) {
        final Optional<RegisteredSchema> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return Optional.empty();
        }
        final List<String> problems = incompatibilities(subject, schema);
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\": " + String.join("; ", problems));
        }
        final List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        final int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        return Optional.of(new RegisteredSchema(subject, version, idFor(schema), schema));
    }

    public synchronized Optional<RegisteredSchema> lookup(final String subject, final Schema schema) {
        final String canonical = canonical(schema);
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> canonical(v.schema()).equals(canonical))
                .findFirst();
    }

    public synchronized Optional<Schema> schemaById(final int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    public synchronized List<RegisteredSchema> versions(final String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    public synchronized Optional<RegisteredSchema> latest(final String subject) {
        final List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * BACKWARD compatibility: a consumer using the new schema must read data written with the
     * latest registered one. Answers the reasons it cannot; empty when compatible.
     */
    public synchronized List<String> incompatibilities(final String subject, final Schema schema) {
        final Optional<RegisteredSchema> latest = latest(subject);
        if (latest.isEmpty()) {
            return List.of();
        }
        final SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, latest.get().schema());
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    private int idFor(final Schema schema) {
        final String canonical = canonical(schema);
        final Integer known = idsByCanonicalForm.get(canonical);
        if (known != null) {
            return known;
        }
        final long fingerprint = SchemaNormalization.fingerprint64(canonical.getBytes(StandardCharsets.UTF_8));
        int id = (int) (fingerprint & 0x7fffffffL);
        // A different schema with the same 31-bit id is vanishingly rare; probe deterministically.
        while (id == 0 || (schemasById.containsKey(id) && !canonical(schemasById.get(id)).equals(canonical))) {
            id = (id + 1) & 0x7fffffff;
        }
        return id;
    }

    private static String canonical(final Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }
}
