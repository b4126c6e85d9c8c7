package io.riberry.platform.catalog;

import java.util.List;

/** A catalog file with problems: the first line of its message names the first one and how many there are; the rest list them all. */
public final class InvalidCatalogException extends IllegalArgumentException {

    private final transient List<CatalogProblem> problems;

    public InvalidCatalogException(final String source, final List<CatalogProblem> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<CatalogProblem> problems() {
        return problems;
    }

    /** One line: the file, how many problems, and the first one. */
    public static String summary(final String source, final List<CatalogProblem> problems) {
        return source + " has " + count(problems.size()) + "; nothing was published (first: "
                + problems.get(0).location().position() + " " + problems.get(0).message() + ")";
    }

    private static String message(final String source, final List<CatalogProblem> problems) {
        final StringBuilder message = new StringBuilder(summary(source, problems));
        problems.forEach(problem -> message.append(System.lineSeparator()).append(problem));
        return message.toString();
    }

    private static String count(final int problems) {
        return problems == 1 ? "1 error" : problems + " errors";
    }
}
