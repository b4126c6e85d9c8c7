package io.riberry.platform.store;

import io.riberry.schema.ExecutionStatus;
import java.util.Optional;

/**
 * Keys of the execution count store: {@code STATUS|form} -> how many executions of the form the
 * task holds in that status. Statuses are upper-case words without the separator, so the first
 * separator ends the status whatever the form's name. {@link #COUNTED} marks a task whose counts
 * cover every execution it holds.
 */
public final class ExecutionCountKeys {

    /** Present once the task's counts cover every execution in its store (counted from its first record, or back-filled). */
    public static final String COUNTED = "~counted";

    private static final char SEPARATOR = '|';

    private ExecutionCountKeys() {
    }

    public static String key(final String form, final ExecutionStatus status) {
        return status.name() + SEPARATOR + form;
    }

    /** The form and status a key counts; empty for {@link #COUNTED} or a key of another layout. */
    public static Optional<Counted> parse(final String key) {
        final int separator = key.indexOf(SEPARATOR);
        if (separator < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Counted(key.substring(separator + 1), ExecutionStatus.valueOf(key.substring(0, separator))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record Counted(String form, ExecutionStatus status) {
    }
}
