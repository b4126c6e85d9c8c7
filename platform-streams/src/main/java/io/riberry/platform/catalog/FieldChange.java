package io.riberry.platform.catalog;

/** One field of a modified entity, under the file's key (e.g. {@code inputs[0].type}), before and after; null = not set. */
public record FieldChange(String field, String before, String after) {

    private static final String NOT_SET = "(not set)";

    @Override
    public String toString() {
        return field + ": " + (before == null ? NOT_SET : before) + " -> " + (after == null ? NOT_SET : after);
    }
}
