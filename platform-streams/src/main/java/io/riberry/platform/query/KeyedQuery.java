package io.riberry.platform.query;

/**
 * A read of one key, answered by whichever replica holds the key: its name on the internal path,
 * the store that says where a key lives, how the answer crosses between replicas, and how a
 * replica that holds the key reads it from its own stores.
 */
public record KeyedQuery<V>(String name, String store, Codec<V> codec, Lookup<V> lookup) {

    /** Reads a key from this replica's stores; null when there is nothing under it. */
    @FunctionalInterface
    public interface Lookup<V> {
        V find(StoreAccess.LocalStores stores, String key);
    }
}
