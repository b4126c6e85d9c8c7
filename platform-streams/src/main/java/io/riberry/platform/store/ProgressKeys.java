package io.riberry.platform.store;

/**
 * Keys of the streams and steps stores: {@code executionId NUL stream [NUL step]}, so an
 * execution's streams are one prefix scan, co-partitioned with the execution itself.
 */
public final class ProgressKeys {

    private static final char SEPARATOR = '\u0000';

    private ProgressKeys() {
    }

    public static String executionPrefix(final String executionId) {
        return executionId + SEPARATOR;
    }

    public static String stream(final String executionId, final String stream) {
        return executionPrefix(executionId) + stream;
    }

    public static String step(final String executionId, final String stream, final String step) {
        return stream(executionId, stream) + SEPARATOR + step;
    }
}
