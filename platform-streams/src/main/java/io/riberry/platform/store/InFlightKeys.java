package io.riberry.platform.store;

/**
 * Keys of the in-flight store: {@code instance NUL executionId}, so one instance's executions in
 * flight are one prefix scan (what an instance going offline must fail).
 */
public final class InFlightKeys {

    private static final char SEPARATOR = '\u0000';

    private InFlightKeys() {
    }

    public static String prefix(final String instance) {
        return instance + SEPARATOR;
    }

    public static String key(final String instance, final String executionId) {
        return prefix(instance) + executionId;
    }

    public static String executionIdOf(final String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }
}
