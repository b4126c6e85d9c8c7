package io.riberry.platform.topology;

import io.riberry.platform.processor.ArtifactChunkProcessor;
import io.riberry.platform.processor.ArtifactManifestProcessor;
import io.riberry.platform.processor.CatalogUpdater;
import io.riberry.platform.processor.DispatchProcessor;
import io.riberry.platform.processor.ExecutionProcessor;
import io.riberry.platform.processor.InstanceMonitor;
import io.riberry.platform.processor.JobIntakeProcessor;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The platform's one Kafka Streams topology, built from topic names and serdes only.
 *
 * <pre>
 * job-inputs ──▶ job-intake ──▶ execution-transitions ──▶ execution-transition-processor ─┐
 *                    │                    ▲                                              ├─▶ executions
 *                    ▼                    │                 events ──▶ execution-event-   │    dispatch.&lt;instance&gt;
 *             dispatch-requests ──▶ dispatcher                        processor ─────────┘    dispatch-requests (release)
 * </pre>
 */
public final class PlatformTopology {

    private final RiberryTopics topics;
    private final PlatformSerdes serdes;
    private final Duration instanceOfflineAfter;

    public PlatformTopology(final RiberryTopics topics, final PlatformSerdes serdes, final Duration instanceOfflineAfter) {
        this.topics = topics;
        this.serdes = serdes;
        this.instanceOfflineAfter = instanceOfflineAfter;
    }

    public Topology build() {
        final Topology topology = new Topology();
        final Serde<String> key = serdes.key();

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CATALOG), key, serdes.catalogEntry())
                        .withLoggingDisabled(),
                ProcessorNames.CATALOG_SOURCE, key.deserializer(), serdes.catalogEntry().deserializer(), topics.catalog(),
                ProcessorNames.CATALOG_UPDATER, CatalogUpdater::new);

        topology.addSource(ProcessorNames.JOB_INPUTS_SOURCE, key.deserializer(), serdes.jobSubmitted().deserializer(), topics.jobInputs());
        topology.addProcessor(ProcessorNames.JOB_INTAKE, JobIntakeProcessor::new, ProcessorNames.JOB_INPUTS_SOURCE);
        topology.addStateStore(store(StoreNames.JOBS, serdes.jobRecord()), ProcessorNames.JOB_INTAKE);

        topology.addSource(ProcessorNames.HEARTBEATS_SOURCE, key.deserializer(), serdes.heartbeat().deserializer(), topics.heartbeats());
        topology.addProcessor(ProcessorNames.INSTANCE_MONITOR, () -> new InstanceMonitor(instanceOfflineAfter), ProcessorNames.HEARTBEATS_SOURCE);
        topology.addStateStore(store(StoreNames.INSTANCE_STATUS, serdes.instanceState()), ProcessorNames.INSTANCE_MONITOR);
        topology.addSink(ProcessorNames.INSTANCES_SINK, topics.instances(), key.serializer(), untyped(serdes.instanceState().serializer()),
                ProcessorNames.INSTANCE_MONITOR);

        topology.addSource(ProcessorNames.DISPATCH_REQUESTS_SOURCE, key.deserializer(), serdes.dispatchRequest().deserializer(),
                topics.dispatchRequests());
        topology.addProcessor(ProcessorNames.DISPATCHER, DispatchProcessor::new, ProcessorNames.DISPATCH_REQUESTS_SOURCE);
        topology.addStateStore(store(StoreNames.INSTANCE_DISPATCH, serdes.instanceDispatchState()), ProcessorNames.DISPATCHER);
        topology.addStateStore(store(StoreNames.IN_FLIGHT, Serdes.Integer()), ProcessorNames.DISPATCHER, ProcessorNames.INSTANCE_MONITOR);

        topology.addSource(ProcessorNames.TRANSITIONS_SOURCE, key.deserializer(), serdes.executionTransition().deserializer(),
                topics.executionTransitions());
        topology.addSource(ProcessorNames.WORKER_EVENTS_SOURCE, key.deserializer(), serdes.workflowEvent().deserializer(), topics.events());
        topology.addSource(ProcessorNames.COMMANDS_SOURCE, key.deserializer(), serdes.executionCommand().deserializer(), topics.commands());
        topology.addProcessor(ProcessorNames.EXECUTION_PROCESSOR,
                () -> new ExecutionProcessor(serdes.executionTransition().serializer(), serdes.workflowEvent().serializer(),
                        serdes.executionCommand().serializer()),
                ProcessorNames.TRANSITIONS_SOURCE, ProcessorNames.WORKER_EVENTS_SOURCE, ProcessorNames.COMMANDS_SOURCE);
        topology.addStateStore(store(StoreNames.EXECUTIONS, serdes.executionRecord()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addStateStore(store(StoreNames.EXECUTION_INDEX, Serdes.String()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addStateStore(store(StoreNames.EXECUTION_STREAMS, serdes.streamState()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addStateStore(store(StoreNames.EXECUTION_STEPS, serdes.stepRecord()),
                ProcessorNames.EXECUTION_PROCESSOR);

        topology.addStateStore(store(StoreNames.EXECUTION_ARTIFACTS, serdes.artifactManifest()),
                ProcessorNames.EXECUTION_PROCESSOR);

        topology.addSource(ProcessorNames.ARTIFACT_CHUNKS_SOURCE, key.deserializer(), serdes.artifactChunk().deserializer(),
                topics.artifactChunks());
        topology.addSource(ProcessorNames.ARTIFACT_MANIFESTS_SOURCE, key.deserializer(), serdes.artifactManifest().deserializer(),
                topics.artifactManifests());
        topology.addProcessor(ProcessorNames.ARTIFACT_CHUNK_PROCESSOR, ArtifactChunkProcessor::new, ProcessorNames.ARTIFACT_CHUNKS_SOURCE);
        topology.addProcessor(ProcessorNames.ARTIFACT_MANIFEST_PROCESSOR, ArtifactManifestProcessor::new,
                ProcessorNames.ARTIFACT_MANIFESTS_SOURCE);
        topology.addStateStore(store(StoreNames.ARTIFACTS, serdes.artifactStatus()),
                ProcessorNames.ARTIFACT_CHUNK_PROCESSOR, ProcessorNames.ARTIFACT_MANIFEST_PROCESSOR);
        // Chunks are large and each is written once: the record cache would only churn.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ARTIFACT_CHUNKS),
                Serdes.String(), Serdes.ByteArray()), ProcessorNames.ARTIFACT_CHUNK_PROCESSOR);

        topology.addSink(ProcessorNames.ARTIFACT_CHUNKS_SINK, topics.artifactChunks(), key.serializer(),
                untyped(serdes.artifactChunk().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.ARTIFACT_MANIFESTS_SINK, topics.artifactManifests(), key.serializer(),
                untyped(serdes.artifactManifest().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.NOTIFICATIONS_SINK, topics.notifications(), key.serializer(),
                untyped(serdes.notification().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.TRANSITIONS_SINK, topics.executionTransitions(), key.serializer(),
                untyped(serdes.executionTransition().serializer()), ProcessorNames.JOB_INTAKE, ProcessorNames.DISPATCHER,
                ProcessorNames.INSTANCE_MONITOR);
        topology.addSink(ProcessorNames.DISPATCH_REQUESTS_SINK, topics.dispatchRequests(), key.serializer(),
                untyped(serdes.dispatchRequest().serializer()),
                ProcessorNames.JOB_INTAKE, ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.EXECUTIONS_SINK, topics.executions(), key.serializer(),
                untyped(serdes.executionState().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.DEAD_LETTERS_SINK, topics.deadLetters(), key.serializer(),
                untyped(serdes.deadLetter().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.DISPATCH_SINK,
                (executionId, dispatched, context) -> topics.dispatch(((ExecutionDispatched) dispatched).getInstance()),
                key.serializer(), untyped(serdes.executionDispatched().serializer()), ProcessorNames.EXECUTION_PROCESSOR);
        return topology;
    }

    /**
     * A RocksDB store with the record cache: a busy execution's record is read and rewritten on
     * every event, and the cache turns those rewrites into one RocksDB write and one changelog
     * record per commit.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(final String name, final Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde).withCachingEnabled();
    }

    /** Processors forward {@code Object} values to typed sinks; each sink only ever receives its own type. */
    @SuppressWarnings("unchecked")
    private static Serializer<Object> untyped(final Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
