package io.riberry.platform.query;

import io.riberry.platform.http.ApiException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where a key's data lives and read-only access to this instance's stores. While the
 * application is not RUNNING (starting, rebalancing) nothing is answered from stores: the
 * caller gets 503 and retries, rather than a wrong or missing answer.
 */
public final class StoreAccess {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public StoreAccess(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The instance that owns {@code key} in {@code store}. */
    public HostInfo ownerOf(final String store, final String key) {
        requireRunning();
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.activeHost() == null) {
            throw ApiException.unavailable("the owner of " + store + "/" + key + " is not known yet; retry shortly");
        }
        return metadata.activeHost();
    }

    public boolean isSelf(final HostInfo host) {
        return self.equals(host);
    }

    /** This instance's active partitions of a key-value store. */
    public <V> ReadOnlyKeyValueStore<String, V> local(final String store) {
        requireRunning();
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("the platform is " + streams.state() + "; retry shortly");
        }
    }
}
