package io.riberry.platform.catalog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.riberry.schema.CatalogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What importing a catalog file changes, as Riberry's model import reported it: entities added,
 * modified (with each changed field, before and after) and deleted so that {@code current}
 * equals {@code wanted}. Callers choose what both cover: see {@link CatalogPlan} for the scope.
 */
public record CatalogDiff(List<String> added, List<String> modified, List<String> deleted, Map<String, List<FieldChange>> changes) {

    public CatalogDiff {
        added = List.copyOf(added);
        modified = List.copyOf(modified);
        deleted = List.copyOf(deleted);
        changes = Map.copyOf(changes);
    }

    public static CatalogDiff between(final Map<String, CatalogEntry> current, final Map<String, CatalogEntry> wanted) {
        final List<String> added = new ArrayList<>();
        final List<String> modified = new ArrayList<>();
        final Map<String, List<FieldChange>> changes = new LinkedHashMap<>();
        wanted.forEach((id, entry) -> {
            final CatalogEntry existing = current.get(id);
            if (existing == null) {
                added.add(id);
            } else if (!existing.equals(entry)) {
                modified.add(id);
                changes.put(id, fieldChanges(existing, entry));
            }
        });
        final List<String> deleted = current.keySet().stream().filter(id -> !wanted.containsKey(id)).toList();
        return new CatalogDiff(added, modified, deleted, changes);
    }

    public boolean isEmpty() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
    }

    /** The fields of modified entity {@code id} that change, in the file's order. */
    public List<FieldChange> changesOf(final String id) {
        return changes.getOrDefault(id, List.of());
    }

    /** The records to publish: the added and modified entries, and a null (delete) for each deleted id. */
    public Map<String, CatalogEntry> records(final Map<String, CatalogEntry> wanted) {
        final Map<String, CatalogEntry> records = new LinkedHashMap<>();
        added.forEach(id -> records.put(id, wanted.get(id)));
        modified.forEach(id -> records.put(id, wanted.get(id)));
        deleted.forEach(id -> records.put(id, null));
        return records;
    }

    static List<FieldChange> fieldChanges(final CatalogEntry before, final CatalogEntry after) {
        final List<FieldChange> changes = new ArrayList<>();
        compare("", CatalogFields.of(before, CatalogFields.Detail.DIFF), CatalogFields.of(after, CatalogFields.Detail.DIFF), changes);
        return changes;
    }

    /**
     * Walks both sides: into mappings by key ({@code inputs.name} of a schedule) and lists of
     * records by position ({@code inputs[1].type}); an element or value on one side only is one
     * change, shown whole.
     */
    private static void compare(final String path, final Object before, final Object after, final List<FieldChange> changes) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before instanceof Map<?, ?> old && after instanceof Map<?, ?> now) {
            final Set<Object> keys = new LinkedHashSet<>(old.keySet());
            keys.addAll(now.keySet());
            keys.forEach(key -> compare(path.isEmpty() ? key.toString() : path + "." + key, old.get(key), now.get(key), changes));
        } else if (isRecords(before) && isRecords(after)) {
            final List<?> old = (List<?>) before;
            final List<?> now = (List<?>) after;
            for (int i = 0; i < Math.max(old.size(), now.size()); i++) {
                compare(path + "[" + i + "]", i < old.size() ? old.get(i) : null, i < now.size() ? now.get(i) : null, changes);
            }
        } else {
            changes.add(new FieldChange(path, before == null ? null : show(before), after == null ? null : show(after)));
        }
    }

    private static boolean isRecords(final Object value) {
        return value instanceof List<?> list && list.stream().allMatch(Map.class::isInstance);
    }

    private static String show(final Object value) {
        if (value instanceof String text) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CatalogDiff::show).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
