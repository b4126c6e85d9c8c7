package io.riberry.registry;

import org.apache.avro.Schema;

/** One version of one subject: the unit the registry stores and replays. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
