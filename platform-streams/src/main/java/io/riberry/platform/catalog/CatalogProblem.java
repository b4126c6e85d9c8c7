package io.riberry.platform.catalog;

import java.util.Comparator;

/** One thing wrong with a catalog file, where it is: printed {@code FILE:LINE:COLUMN: PATH: MESSAGE}, as compilers do. */
public record CatalogProblem(String source, FileLocation location, String message) {

    /** File order: by line, then column. */
    public static final Comparator<CatalogProblem> IN_FILE_ORDER = Comparator
            .comparingInt((CatalogProblem problem) -> problem.location().line())
            .thenComparingInt(problem -> problem.location().column());

    @Override
    public String toString() {
        final String path = location.path().isEmpty() ? "" : location.path() + ": ";
        return source + ":" + location.position() + ": " + path + message;
    }
}
