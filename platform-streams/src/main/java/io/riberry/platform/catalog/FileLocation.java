package io.riberry.platform.catalog;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where something is in a catalog file: its 1-based line and column, and its path from the root,
 * such as {@code applications[0].forms[2].inputs[0].type} (empty for the whole document).
 */
public record FileLocation(int line, int column, String path) {

    public static final FileLocation START = new FileLocation(1, 1, "");

    static FileLocation of(final Node node, final String path) {
        return of(node.getStartMark(), path);
    }

    static FileLocation of(final Mark mark, final String path) {
        // SnakeYAML counts from 0; editors and compilers count from 1.
        return mark == null ? new FileLocation(1, 1, path) : new FileLocation(mark.getLine() + 1, mark.getColumn() + 1, path);
    }

    /** {@code line:column}. */
    public String position() {
        return line + ":" + column;
    }
}
