package io.riberry.platform.catalog;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one catalog file so far: collected, so that a reader sees every one at once. */
final class Problems {

    private final String source;
    private final List<CatalogProblem> found = new ArrayList<>();

    Problems(final String source) {
        this.source = source;
    }

    void add(final FileLocation location, final String message) {
        found.add(new CatalogProblem(source, location, message));
    }

    /** How many so far: an entity whose parsing added none is complete and can be kept. */
    int count() {
        return found.size();
    }

    List<CatalogProblem> inFileOrder() {
        return found.stream().sorted(CatalogProblem.IN_FILE_ORDER).toList();
    }
}
