package io.riberry.sdk;

import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryException;
import io.riberry.serde.AvroDeserializer;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decodes the records a worker reads, telling the two ways that can fail apart: the registry
 * could not be asked for the writer's schema (try the same record again later: it is fine), or
 * the bytes are not a record of this type (skip it: trying again cannot help).
 */
final class RecordDecoder<V extends SpecificRecordBase> {

    /** The registry did not answer: the record is fine, read it again once it does. */
    static final class RegistryUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryUnavailableException(final Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final AvroDeserializer<V> deserializer;

    RecordDecoder(final Class<V> type, final SchemaRegistryClient registry) {
        this.deserializer = new AvroDeserializer<>(SpecificData.get().getSchema(type), registry);
    }

    /**
     * @return the record, or null for a tombstone
     * @throws RegistryUnavailableException when the registry could not be reached
     * @throws RuntimeException             when the bytes are not a record of this type
     */
    V decode(final String topic, final byte[] value) {
        try {
            return deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                throw new RegistryUnavailableException(e);
            }
            throw e;
        }
    }

    /**
     * Unreachable (no HTTP status), failing (5xx), or not knowing the id yet (404: a registry
     * replica behind, a schemas topic being rebuilt): worth asking again. The record was written
     * with that id, so the registry will know it; skipping it would lose a dispatch for good.
     */
    private static boolean registryUnavailable(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry) {
                return registry.status() == 0 || registry.status() == 404 || registry.status() >= 500;
            }
        }
        return false;
    }
}
