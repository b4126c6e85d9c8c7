package io.riberry.platform.store;

/**
 * Keys of the instance task's per-instance stores (in flight: {@code instance NUL executionId};
 * processes: {@code instance NUL processId}), so everything of one instance is one prefix scan
 * (what an instance going offline must fail, what its processes last said). An instance name
 * cannot contain NUL, so the first NUL ends it.
 */
public final class InstanceKeys {

    private static final char SEPARATOR = '\u0000';

    private InstanceKeys() {
    }

    public static String prefix(final String instance) {
        return instance + SEPARATOR;
    }

    public static String key(final String instance, final String id) {
        return prefix(instance) + id;
    }

    /** The execution or process id of a key. */
    public static String idOf(final String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
