package io.riberry.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as the API's JSON: field names as in the schemas (camelCase), times as ISO-8601
 * UTC, enums by name, null fields left out.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(final IndexedRecord record) {
        final ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            final Object value = record.get(field.pos());
            if (value != null) {
                node.set(field.name(), value(value));
            }
        }
        return node;
    }

    public static JsonNode value(final Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            return toJson(record);
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof ByteBuffer bytes) {
            final ByteBuffer copy = bytes.duplicate();
            final byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return NODES.textNode(Base64.getEncoder().encodeToString(raw));
        }
        if (value instanceof Map<?, ?> map) {
            final ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(k.toString(), value(v)));
            return node;
        }
        if (value instanceof Collection<?> items) {
            final ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        return NODES.textNode(value.toString());
    }
}
