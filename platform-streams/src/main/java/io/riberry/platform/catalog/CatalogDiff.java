package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What importing a catalog file changes, as Riberry's model import reported it: entities added,
 * modified and deleted so that the published catalog equals the file.
 */
public record CatalogDiff(List<String> added, List<String> modified, List<String> deleted) {

    public static CatalogDiff between(final Map<String, CatalogEntry> current, final Map<String, CatalogEntry> wanted) {
        final List<String> added = new ArrayList<>();
        final List<String> modified = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        wanted.forEach((id, entry) -> {
            final CatalogEntry existing = current.get(id);
            if (existing == null) {
                added.add(id);
            } else if (!existing.equals(entry)) {
                modified.add(id);
            }
        });
        current.keySet().stream().filter(id -> !wanted.containsKey(id)).forEach(deleted::add);
        return new CatalogDiff(List.copyOf(added), List.copyOf(modified), List.copyOf(deleted));
    }

    public boolean isEmpty() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
    }

    /** The records to publish: the added and modified entries, and a null (delete) for each deleted id. */
    public Map<String, CatalogEntry> records(final Map<String, CatalogEntry> wanted) {
        final Map<String, CatalogEntry> records = new LinkedHashMap<>();
        added.forEach(id -> records.put(id, wanted.get(id)));
        modified.forEach(id -> records.put(id, wanted.get(id)));
        deleted.forEach(id -> records.put(id, null));
        return records;
    }
}
