package io.riberry.platform.catalog;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.CatalogEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A catalog file as read: its entries keyed by entity id in file order, where each was declared,
 * the applications it defines, whether it has a {@code groups:} list (then it defines every group),
 * the forms its groups grant that it does not define itself, and every problem found in it. An
 * entity with a problem of its own is left out of {@link #entries()}; a document with any problem
 * must not be published.
 */
public record CatalogDocument(String source, Map<String, CatalogEntry> entries, Map<String, FileLocation> locations,
                              Map<String, FileLocation> applications, boolean definesGroups, List<Grant> externalGrants,
                              List<CatalogProblem> problems) {

    /** A form granted to a group, and where. */
    public record Grant(String group, String form, FileLocation location) {
    }

    public CatalogDocument {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        locations = Map.copyOf(locations);
        applications = Collections.unmodifiableMap(new LinkedHashMap<>(applications));
        externalGrants = List.copyOf(externalGrants);
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

    /**
     * The entries of the file read as a whole catalog (as {@code riberry dev} publishes it): if it
     * has no problem, and its groups grant only forms it defines.
     */
    public Map<String, CatalogEntry> entriesOrThrow() {
        final List<CatalogProblem> all = new ArrayList<>(problems);
        all.addAll(ungrantable(entries, "which this file does not define"));
        if (!all.isEmpty()) {
            all.sort(CatalogProblem.IN_FILE_ORDER);
            throw new InvalidCatalogException(source, all);
        }
        return entries;
    }

    /** The file's grants of forms {@code catalog} lacks; {@code why} ends each message. */
    List<CatalogProblem> ungrantable(final Map<String, CatalogEntry> catalog, final String why) {
        return externalGrants.stream()
                .filter(grant -> !catalog.containsKey(CatalogView.formId(grant.form())))
                .map(grant -> new CatalogProblem(source, grant.location(),
                        "group \"" + grant.group() + "\" grants form \"" + grant.form() + "\", " + why))
                .toList();
    }
}
