package io.riberry.platform.catalog;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an import may change: the applications its file defines and what belongs to them, or,
 * asked for explicitly, the whole catalog.
 */
public record CatalogScope(boolean everything, Set<String> applications) {

    public CatalogScope {
        applications = Set.copyOf(applications);
    }

    public static CatalogScope wholeCatalog() {
        return new CatalogScope(true, Set.of());
    }

    public static CatalogScope applications(final Set<String> applications) {
        return new CatalogScope(false, applications);
    }

    /** Whether an entity owned by {@code owner} is in scope; one whose owner cannot be told is only in the whole catalog's. */
    public boolean contains(final Optional<String> owner) {
        return everything || owner.filter(applications::contains).isPresent();
    }

    @Override
    public String toString() {
        return everything ? "the whole catalog" : "applications " + String.join(", ", new TreeSet<>(applications));
    }
}
