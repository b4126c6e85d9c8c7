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
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a key's data lives and read-only access to this instance's stores. While the
 * application is not RUNNING (starting, rebalancing) nothing is answered from stores: the
 * caller gets 503 and retries, rather than a wrong or missing answer.
 */
public final class StoreAccess {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Map<String, Integer> subtopologyByStore;

    public StoreAccess(final KafkaStreams streams, final HostInfo self, final TopologyDescription topology) {
        this.streams = streams;
        this.self = self;
        this.subtopologyByStore = subtopologiesByStore(topology);
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

    /**
     * A global store (every instance holds all of it). It stays readable while partitions move,
     * so it is served in REBALANCING too.
     */
    public <V> ReadOnlyKeyValueStore<String, V> global(final String store) {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw ApiException.unavailable("the platform is " + state + "; retry shortly");
        }
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /**
     * This instance's active partitions of a store, one read-only view each. A range over the
     * all-partitions view yields each partition's keys in order, one partition after another, not
     * merged; callers that page in key order must merge these themselves.
     */
    public <V> List<ReadOnlyKeyValueStore<String, V>> localPartitions(final String store) {
        requireRunning();
        final Integer subtopology = subtopologyByStore.get(store);
        if (subtopology == null) {
            throw new IllegalArgumentException("No store " + store + " in the topology");
        }
        final List<ReadOnlyKeyValueStore<String, V>> partitions = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                if (task.taskId().subtopology() == subtopology) {
                    partitions.add(streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                            .withPartition(task.taskId().partition())));
                }
            }
        }
        return partitions;
    }

    private static Map<String, Integer> subtopologiesByStore(final TopologyDescription topology) {
        final Map<String, Integer> byStore = new HashMap<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> byStore.put(store, subtopology.id()));
                }
            }
        }
        return byStore;
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("the platform is " + streams.state() + "; retry shortly");
        }
    }
}
