package io.riberry.platform.store;

import java.time.Instant;

/**
 * Keys of the dispatch queue: {@code instance NUL priority-inverted created id}. A prefix scan of
 * one instance yields its RECEIVED executions in Riberry's poll order: priority (high first), then
 * creation time (old first), then id.
 */
public final class DispatchQueueKeys {

    private static final char SEPARATOR = '\u0000';
    private static final int MAX_PRIORITY = 255;

    private DispatchQueueKeys() {
    }

    public static String prefix(final String instance) {
        return instance + SEPARATOR;
    }

    public static String key(final String instance, final int priority, final Instant createdAt, final String executionId) {
        final int clamped = Math.max(0, Math.min(MAX_PRIORITY, priority));
        return prefix(instance) + String.format("%03d%016x", MAX_PRIORITY - clamped, createdAt.toEpochMilli()) + SEPARATOR + executionId;
    }

    /** The in-flight store's key of an execution handed to {@code instance}. */
    public static String inFlightKey(final String instance, final String executionId) {
        return prefix(instance) + executionId;
    }

    public static String executionIdOf(final String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }
}
