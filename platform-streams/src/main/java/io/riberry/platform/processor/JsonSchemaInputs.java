package io.riberry.platform.processor;

import io.riberry.topics.RecordLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inputs of a form defined by a JSON Schema (Riberry's develop branch), instead of typed input
 * definitions. Before checking, a text value of a property the schema types as a number, integer
 * or boolean is converted (the CLI sends {@code --input count=3} as text), and the schema's
 * defaults fill missing properties; every violation becomes a reason.
 */
final class JsonSchemaInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** Compiled schemas by their text: a catalog has few forms, and compiling on every job would dominate intake. */
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final int MOST_COMPILED = 1_000;

    private JsonSchemaInputs() {
    }

    /** The inputs with conversions and defaults applied; reasons are added for every violation. */
    static Map<String, Object> check(final String schemaText, final Map<String, Object> given, final List<String> reasons) {
        final JsonNode schemaNode;
        final Schema schema;
        try {
            schemaNode = JSON.readTree(schemaText);
            schema = compiled(schemaText);
        } catch (Exception e) {
            reasons.add("the form's JSON Schema is invalid: " + e.getMessage());
            return given;
        }
        final Map<String, Object> inputs = new LinkedHashMap<>(given);
        final JsonNode properties = schemaNode.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> property = it.next();
            final Object value = inputs.get(property.getKey());
            if (value == null && property.getValue().has("default")) {
                inputs.put(property.getKey(), plain(property.getValue().get("default")));
            } else if (value instanceof String text) {
                inputs.put(property.getKey(), converted(text, property.getValue().path("type").asText("")));
            }
        }
        final ObjectNode instance = JSON.valueToTree(inputs);
        final List<Error> errors = schema.validate(instance);
        for (Error error : errors) {
            final String where = error.getProperty() != null ? error.getProperty()
                    : String.valueOf(error.getInstanceLocation()).replaceFirst("^(\\$\\.?|/)", "");
            // The validator's message may quote the value itself: bounded, like every quoted user value.
            reasons.add((where.isEmpty() ? "the inputs" : "input " + RecordLimits.quote(where)) + " does not match the form's JSON Schema: "
                    + RecordLimits.truncate(error.getMessage(), 2 * RecordLimits.MAX_QUOTE_CHARS));
        }
        return inputs;
    }

    private static Schema compiled(final String schemaText) {
        if (COMPILED.size() > MOST_COMPILED) {
            COMPILED.clear();
        }
        return COMPILED.computeIfAbsent(schemaText, text -> SCHEMAS.getSchema(text, InputFormat.JSON));
    }

    /** Text converted to the property's declared type when it reads as one; otherwise left for the schema to refuse. */
    private static Object converted(final String text, final String type) {
        final String trimmed = text.trim();
        try {
            return switch (type) {
                case "integer" -> Long.parseLong(trimmed);
                case "number" -> trimmed.contains(".") || trimmed.toLowerCase(Locale.ROOT).contains("e")
                        ? (Object) Double.parseDouble(trimmed) : (Object) Long.parseLong(trimmed);
                case "boolean" -> trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")
                        ? (Object) Boolean.parseBoolean(trimmed) : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** A default as an input value: scalars keep their type, arrays become lists of text. */
    private static Object plain(final JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isArray()) {
            final List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return items;
        }
        return value.asText();
    }
}
