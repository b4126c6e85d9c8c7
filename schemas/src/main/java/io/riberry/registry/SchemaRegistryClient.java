package io.riberry.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the serdes need. Implementations cache, so
 * callers may ask for the same subject or id on every record.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and answers its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** Whether {@code schema} may be registered under {@code subject} with the subject's compatibility level. */
    boolean isCompatible(String subject, Schema schema);
}
