package io.riberry.platform.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a catalog file, read field by field with its type checked: every key it
 * does not know, every value of the wrong type, every missing required value becomes a problem
 * at its line and column, and reading goes on, so that one pass reports them all.
 */
final class YamlMapping {

    /** One element of a list, with its path. */
    record Item(Node node, String path) {
    }

    /** A text value with where it is written, for checks on each element of a list. */
    record Located(String value, FileLocation location) {
    }

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    private YamlMapping(final MappingNode node, final String path, final Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * {@code node} as a mapping with the keys {@code known} (any key when {@code known} is null), or
     * empty when it is not a mapping at all; {@code what} names it in that problem.
     */
    static Optional<YamlMapping> read(final Node node, final String path, final String what, final Set<String> known,
                                      final Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(FileLocation.of(node, path), what + " must be a mapping (key: value), not " + describe(node));
            return Optional.empty();
        }
        final YamlMapping fields = new YamlMapping(mapping, path, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            fields.add(tuple, known);
        }
        return Optional.of(fields);
    }

    private void add(final NodeTuple tuple, final Set<String> known) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
            problems.add(FileLocation.of(tuple.getKeyNode(), path), "a key must be a plain name, not " + describe(tuple.getKeyNode()));
            return;
        }
        final String name = key.getValue();
        final FileLocation at = FileLocation.of(key, path(name));
        if (known != null && !known.contains(name)) {
            problems.add(at, "unknown key \"" + name + "\" (known keys: " + String.join(", ", new TreeSet<>(known)) + ")");
        } else if (fields.containsKey(name)) {
            problems.add(at, "\"" + name + "\" is given twice (first at " + FileLocation.of(fields.get(name).getKeyNode(), "").position() + ")");
        } else {
            fields.put(name, tuple);
        }
    }

    FileLocation location() {
        return FileLocation.of(node, path);
    }

    /** Where the value of {@code key} is, or the mapping itself when the key is absent. */
    FileLocation location(final String key) {
        return value(key).map(value -> FileLocation.of(value, path(key))).orElseGet(this::location);
    }

    String path(final String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The keys given, in file order. */
    Set<String> keys() {
        return fields.keySet();
    }

    /** The value of {@code key}; an explicit null ({@code key: ~}) counts as absent. */
    Optional<Node> value(final String key) {
        final NodeTuple tuple = fields.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** A text value as written: a YAML number or boolean is kept as its text, so {@code value: 2} means "2". */
    Optional<String> text(final String key) {
        return value(key).flatMap(value -> scalar(value, path(key)));
    }

    String text(final String key, final String defaultValue) {
        return text(key).orElse(defaultValue);
    }

    /** A text value that must be given and not blank. */
    Optional<String> required(final String key) {
        final Optional<String> value = text(key);
        if (value.isEmpty() && value(key).isEmpty()) {
            problem(key, "\"" + key + "\" is required");
        } else if (value.isPresent() && value.get().isBlank()) {
            problem(key, "\"" + key + "\" must not be empty");
            return Optional.empty();
        }
        return value;
    }

    boolean bool(final String key, final boolean defaultValue) {
        final Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, "expected true or false, not \"" + text.get() + "\"");
                yield defaultValue;
            }
        };
    }

    int integer(final String key, final int defaultValue, final int min, final int max) {
        return (int) whole(key, defaultValue, min, max);
    }

    long whole(final String key, final long defaultValue, final long min, final long max) {
        final Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        final long value;
        try {
            value = Long.parseLong(text.get().strip());
        } catch (NumberFormatException e) {
            problem(key, "expected a whole number, not \"" + text.get() + "\"");
            return defaultValue;
        }
        if (value < min || value > max) {
            problem(key, "must be " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min : min + "-" + max)
                    + ", not " + value);
            return defaultValue;
        }
        return value;
    }

    /** The elements of a list; absent means none. */
    List<Item> list(final String key) {
        final Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode sequence)) {
            problem(key, "expected a list, not " + describe(value.get()));
            return List.of();
        }
        final List<Item> items = new ArrayList<>();
        final List<Node> elements = sequence.getValue();
        for (int i = 0; i < elements.size(); i++) {
            items.add(new Item(elements.get(i), path(key) + "[" + i + "]"));
        }
        return items;
    }

    /** A list of text values. */
    List<String> texts(final String key) {
        final List<String> texts = new ArrayList<>();
        list(key).forEach(item -> scalar(item.node(), item.path()).ifPresent(texts::add));
        return texts;
    }

    /** A list of text values, each with its place in the file. */
    List<Located> locatedTexts(final String key) {
        final List<Located> texts = new ArrayList<>();
        list(key).forEach(item -> scalar(item.node(), item.path())
                .ifPresent(text -> texts.add(new Located(text, FileLocation.of(item.node(), item.path())))));
        return texts;
    }

    /** A mapping of names to text values, such as a schedule's inputs. */
    Map<String, String> textMap(final String key) {
        final Map<String, String> texts = new LinkedHashMap<>();
        value(key).flatMap(value -> read(value, path(key), "\"" + key + "\"", null, problems))
                .ifPresent(mapping -> mapping.keys().forEach(name -> texts.put(name, mapping.text(name, ""))));
        return texts;
    }

    /** A problem with {@code key} itself, given without a value ({@code key:}); with the mapping when the key is absent. */
    void problemWithKey(final String key, final String message) {
        final NodeTuple tuple = fields.get(key);
        problems.add(tuple == null ? location() : FileLocation.of(tuple.getKeyNode(), path(key)), message);
    }

    /** A problem with the value of {@code key} (or with the mapping, when the key is absent). */
    void problem(final String key, final String message) {
        problems.add(location(key), message);
    }

    private Optional<String> scalar(final Node value, final String at) {
        if (value instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problems.add(FileLocation.of(value, at), "expected a single value, not " + describe(value));
        return Optional.empty();
    }

    private static boolean isNull(final Node value) {
        return value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String describe(final Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node instanceof ScalarNode scalar ? "\"" + scalar.getValue() + "\"" : "nothing";
    }
}
