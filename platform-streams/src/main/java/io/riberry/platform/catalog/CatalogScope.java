package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.GroupDefinition;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an import may change: the applications its file defines and what belongs to them, or,
 * asked for explicitly, every application; and, apart from either, the groups. Groups belong to no
 * application, so they are in scope only when the file has a {@code groups:} list, whatever else
 * the scope is: a file without one never deletes a group, not even with {@code --replace-all}.
 */
public record CatalogScope(boolean everything, Set<String> applications, boolean groups) {

    public CatalogScope {
        applications = Set.copyOf(applications);
    }

    public static CatalogScope wholeCatalog(final boolean groups) {
        return new CatalogScope(true, Set.of(), groups);
    }

    public static CatalogScope applications(final Set<String> applications, final boolean groups) {
        return new CatalogScope(false, applications, groups);
    }

    /** Whether an entity owned by {@code owner} is in scope; one whose owner cannot be told is only in the whole catalog's. */
    public boolean contains(final Optional<String> owner) {
        return everything || owner.filter(applications::contains).isPresent();
    }

    /** Whether {@code entry}, owned by {@code owner}, is in scope: a group when the file has groups, anything else by its owner. */
    public boolean covers(final CatalogEntry entry, final Optional<String> owner) {
        return entry.getEntity() instanceof GroupDefinition ? groups : contains(owner);
    }

    @Override
    public String toString() {
        final String ofApplications = everything ? "the whole catalog"
                : applications.isEmpty() ? "" : "applications " + String.join(", ", new TreeSet<>(applications));
        if (!groups) {
            return everything ? ofApplications + " but its groups" : ofApplications.isEmpty() ? "no application" : ofApplications;
        }
        return ofApplications.isEmpty() ? "every group" : ofApplications + " and every group";
    }
}
