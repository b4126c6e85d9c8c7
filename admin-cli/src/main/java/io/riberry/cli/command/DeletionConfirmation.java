package io.riberry.cli.command;

import io.riberry.cli.CliException;
import java.io.Console;

/**
 * A catalog import that deletes entities goes ahead only when someone says so: {@code --yes}, or
 * typing the number of deletions (or "yes") at a terminal. Without a terminal, and without
 * {@code --yes}, it is refused: a script must say what it means.
 */
final class DeletionConfirmation {

    private DeletionConfirmation() {
    }

    /** Returns when the deletions may go ahead; throws, with nothing published, when not. */
    static void require(final int deletions, final boolean yes, final Console console) {
        if (deletions == 0 || yes) {
            return;
        }
        if (console == null) {
            throw new CliException("this import deletes " + entities(deletions) + " and there is no terminal to confirm it;"
                    + " nothing was published (add --yes to delete them)");
        }
        final String answer = console.readLine("Delete %s? Type %d or yes to publish, anything else to stop: ", entities(deletions), deletions);
        if (!accepts(answer, deletions)) {
            throw new CliException("deletions not confirmed; nothing was published");
        }
    }

    static boolean accepts(final String answer, final int deletions) {
        if (answer == null) {
            return false;
        }
        final String given = answer.strip();
        return given.equalsIgnoreCase("yes") || given.equals(Integer.toString(deletions));
    }

    private static String entities(final int count) {
        return count == 1 ? "1 entity" : count + " entities";
    }
}
