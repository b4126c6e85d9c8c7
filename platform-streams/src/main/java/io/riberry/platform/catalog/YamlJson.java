package io.riberry.platform.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A YAML subtree as JSON, for a form's {@code jsonSchema}: YAML is a superset of JSON, so a schema can be written in either. */
final class YamlJson {

    /** Deeper than any sensible schema; stops an alias that refers to its own ancestor. */
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");

    private YamlJson() {
    }

    static JsonNode of(final Node node) {
        return of(node, 0);
    }

    private static JsonNode of(final Node node, final int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node instanceof MappingNode mapping) {
            final ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new IllegalArgumentException("a key must be a plain name, not " + YamlMapping.describe(tuple.getKeyNode()));
                }
                object.set(key.getValue(), of(tuple.getValueNode(), depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            final ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(element -> array.add(of(element, depth + 1)));
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(final ScalarNode scalar) {
        final String text = scalar.getValue();
        final Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(TRUE.contains(text.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            try {
                final BigInteger value = new BigInteger(text.replace("_", ""));
                return value.bitLength() < 64 ? JSON.numberNode(value.longValue()) : JSON.numberNode(value);
            } catch (NumberFormatException e) {
                // A YAML 1.1 octal, hex or sexagesimal integer: keep it as written.
                return JSON.textNode(text);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return JSON.numberNode(Double.parseDouble(text.replace("_", "")));
            } catch (NumberFormatException e) {
                // .inf and .nan have no JSON form.
                return JSON.textNode(text);
            }
        }
        return JSON.textNode(text);
    }
}
