package io.riberry.platform.query;

import io.riberry.platform.http.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where a key's data lives, and read-only access to this replica's stores. Only the query layer
 * uses it. Active stores answer while the application is RUNNING; a standby's copy ("stale":
 * it may lag its active by the last commits) answers only when asked for, when the active
 * replica cannot.
 */
public final class StoreAccess {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Map<String, Integer> subtopologyByStore;
    private final Map<Integer, Set<String>> sourceTopicsBySubtopology;

    /** Where a key lives: its active replica and the replicas that keep a standby copy. */
    record Location(HostInfo active, Set<HostInfo> standbys) {
    }

    public StoreAccess(final KafkaStreams streams, final HostInfo self, final TopologyDescription topology) {
        this.streams = streams;
        this.self = self;
        this.subtopologyByStore = new HashMap<>();
        this.sourceTopicsBySubtopology = new HashMap<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> subtopologyByStore.put(store, subtopology.id()));
                } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    sourceTopicsBySubtopology.computeIfAbsent(subtopology.id(), id -> new java.util.HashSet<>()).addAll(source.topicSet());
                }
            }
        }
    }

    HostInfo self() {
        return self;
    }

    boolean isSelf(final HostInfo host) {
        return self.equals(host);
    }

    /** Where {@code key} of {@code store} lives now; 503 while nobody knows (starting, or no replica holds it). */
    Location locate(final String store, final String key) {
        requireAnswering();
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE
                || (metadata.activeHost() == null && metadata.standbyHosts().isEmpty())) {
            throw ApiException.unavailable("no replica holds " + store + " for this key yet; retry shortly");
        }
        // Streams names no active host with a placeholder (port -1) while a partition is unassigned.
        final HostInfo active = metadata.activeHost() == null || metadata.activeHost().port() < 0 ? null : metadata.activeHost();
        if (active == null && metadata.standbyHosts().isEmpty()) {
            throw ApiException.unavailable("no replica holds " + store + " for this key yet; retry shortly");
        }
        return new Location(active, metadata.standbyHosts());
    }

    /** Whether this replica is the active owner of {@code key} and can answer for it from its active stores. */
    boolean ownsActively(final String store, final String key) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
        return metadata != null && self.equals(metadata.activeHost());
    }

    /** Whether this replica keeps any copy (active or standby) of {@code key}. */
    boolean holds(final String store, final String key) {
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
        return metadata != null && (self.equals(metadata.activeHost()) || metadata.standbyHosts().contains(self));
    }

    /** Every replica of the application, with what it hosts of {@code store}'s sub-topology. */
    List<StreamsMetadata> replicasOf(final String store) {
        requireAnswering();
        return List.copyOf(streams.streamsMetadataForStore(store));
    }

    /** The partitions of {@code store}'s sub-topology that {@code replica} runs actively. */
    Set<Integer> activePartitionsOf(final StreamsMetadata replica, final String store) {
        final Set<String> topics = sourceTopicsBySubtopology.getOrDefault(subtopology(store), Set.of());
        final Set<Integer> partitions = new java.util.TreeSet<>();
        replica.topicPartitions().stream().filter(tp -> topics.contains(tp.topic())).forEach(tp -> partitions.add(tp.partition()));
        return partitions;
    }

    /** This replica's stores, active only, or standby copies too ({@code allowStale}). */
    LocalStores local(final boolean allowStale) {
        if (!allowStale) {
            requireRunning();
        }
        return new LocalStores(allowStale);
    }

    /** A global store (every replica holds all of it, and it stays readable while partitions move). */
    public <V> ReadOnlyKeyValueStore<String, V> global(final String store) {
        requireAnswering();
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** Read-only views of this replica's stores; a key-value store over every partition it holds. */
    final class LocalStores {
        private final boolean allowStale;

        private LocalStores(final boolean allowStale) {
            this.allowStale = allowStale;
        }

        boolean stale() {
            return allowStale;
        }

        <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
            final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore());
            return streams.store(allowStale ? parameters.enableStaleStores() : parameters);
        }

        /**
         * The partitions of the task holding {@code name}: those this replica runs actively, or, given
         * {@code standingIn} (the partitions of a replica that does not answer), only those of
         * them this replica holds, actively or as a standby. A range over the all-partitions view
         * yields partitions one after another, not merged, so callers that page in key order merge
         * these themselves.
         */
        List<Partition> partitions(final String name, final Set<Integer> standingIn) {
            final int subtopology = subtopology(name);
            final Map<Integer, Boolean> standbyByPartition = new java.util.TreeMap<>();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    if (task.taskId().subtopology() == subtopology
                            && (standingIn.isEmpty() || standingIn.contains(task.taskId().partition()))) {
                        standbyByPartition.put(task.taskId().partition(), false);
                    }
                }
                for (TaskMetadata task : thread.standbyTasks()) {
                    if (task.taskId().subtopology() == subtopology && standingIn.contains(task.taskId().partition())) {
                        standbyByPartition.putIfAbsent(task.taskId().partition(), true);
                    }
                }
            }
            final List<Partition> partitions = new ArrayList<>();
            standbyByPartition.forEach((partition, standby) -> partitions.add(new Partition(partition, standby)));
            return partitions;
        }

        /**
         * One partition of a task, as this replica holds it: any store of that task read in that
         * partition alone, so a key is looked up once, not in every partition in turn.
         */
        final class Partition {
            private final int number;
            private final boolean standby;

            private Partition(final int number, final boolean standby) {
                this.number = number;
                this.standby = standby;
            }

            <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
                return partition(name, number, standby);
            }
        }

        private <V> ReadOnlyKeyValueStore<String, V> partition(final String name, final int partition, final boolean standby) {
            final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                    .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
            return streams.store(standby ? parameters.enableStaleStores() : parameters);
        }
    }

    private int subtopology(final String store) {
        final Integer subtopology = subtopologyByStore.get(store);
        if (subtopology == null) {
            throw new IllegalArgumentException("No store " + store + " in the topology");
        }
        return subtopology;
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("the platform is " + streams.state() + "; retry shortly");
        }
    }

    private void requireAnswering() {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw ApiException.unavailable("the platform is " + state + "; retry shortly");
        }
    }
}
