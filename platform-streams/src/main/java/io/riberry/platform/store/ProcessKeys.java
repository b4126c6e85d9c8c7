package io.riberry.platform.store;

/**
 * Keys of the worker-process store: {@code instance NUL processId}, so one instance's processes
 * are one prefix scan.
 */
public final class ProcessKeys {

    private static final char SEPARATOR = '\u0000';

    private ProcessKeys() {
    }

    public static String prefix(final String instance) {
        return instance + SEPARATOR;
    }

    public static String key(final String instance, final String processId) {
        return prefix(instance) + processId;
    }

    public static String processIdOf(final String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
