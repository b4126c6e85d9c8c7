package io.riberry.platform.store;

import java.time.Instant;

/**
 * Keys of the dispatch queue: {@code instance NUL (999 - priority) NUL createdAt NUL executionId},
 * fixed width, so a prefix scan of one instance reads its RECEIVED executions in dispatch order:
 * priority high first, then oldest first, then by id, as Riberry's poll ordered them. The value
 * is the execution's form, so the dispatcher can tell whether a live process serves it; entries
 * written before the queue kept forms hold the execution id instead ({@link #formOf}).
 */
public final class DispatchQueueKeys {

    private static final char SEPARATOR = '\u0000';
    private static final int HIGHEST_PRIORITY = 999;

    private DispatchQueueKeys() {
    }

    public static String prefix(final String instance) {
        return instance + SEPARATOR;
    }

    public static String key(final String instance, final int priority, final Instant createdAt, final String executionId) {
        final int bounded = Math.max(0, Math.min(HIGHEST_PRIORITY, priority));
        return prefix(instance) + String.format("%03d", HIGHEST_PRIORITY - bounded) + SEPARATOR
                + String.format("%013d", Math.max(0, createdAt.toEpochMilli())) + SEPARATOR + executionId;
    }

    public static String executionIdOf(final String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** The form of a queued execution, from its entry; empty (unknown) for an entry from before the queue kept forms. */
    public static String formOf(final String key, final String value) {
        return value == null || value.equals(executionIdOf(key)) ? "" : value;
    }
}
