package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A catalog file as read: its entries keyed by entity id in file order, where each was declared,
 * the applications it defines, and every problem found in it. An entity with a problem of its own
 * is left out of {@link #entries()}; a document with any problem must not be published.
 */
public record CatalogDocument(String source, Map<String, CatalogEntry> entries, Map<String, FileLocation> locations,
                              Map<String, FileLocation> applications, List<CatalogProblem> problems) {

    public CatalogDocument {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        locations = Map.copyOf(locations);
        applications = Collections.unmodifiableMap(new LinkedHashMap<>(applications));
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The names of the applications the file defines, in file order. */
    public Set<String> applicationNames() {
        return applications.keySet();
    }

    /** Where entity {@code id} is declared, or the start of the file when it is not in this file. */
    public FileLocation locationOf(final String id) {
        return locations.getOrDefault(id, FileLocation.START);
    }

    /** The entries, if the file has no problem. */
    public Map<String, CatalogEntry> entriesOrThrow() {
        if (!isValid()) {
            throw new InvalidCatalogException(source, problems);
        }
        return entries;
    }
}
