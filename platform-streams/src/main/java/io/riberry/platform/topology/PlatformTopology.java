package io.riberry.platform.topology;

import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.platform.processor.ArtifactChunkProcessor;
import io.riberry.platform.processor.ArtifactManifestProcessor;
import io.riberry.platform.processor.GlobalTableUpdater;
import io.riberry.platform.processor.ExecutionProcessor;
import io.riberry.platform.processor.InstanceProcessor;
import io.riberry.platform.processor.JobDecisions;
import io.riberry.platform.processor.JobStoreProcessor;
import io.riberry.topics.KeyPartitions;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.JobSubmitted;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The platform's one Kafka Streams topology, built from topic names and serdes only. Tasks keyed
 * four ways (job name, job id, instance, execution id), joined by internal topics:
 *
 * <pre>
 *  job-inputs, job-claims ─▶ job-decisions (name) ─▶ execution-transitions (create), dispatch-requests (enqueue),
 *                                                   job-claims (a job not yet in its name's partition), job-decisions
 *  job-decisions, job-reruns ─▶ job-store (job id) ─▶ execution-transitions, dispatch-requests (a re-run's execution)
 *  heartbeats, dispatch-requests ─▶ instance-processor ─▶ execution-transitions (READY, offline FAILURE),
 *                                                         instances, parameters, job-inputs (cron)
 *  execution-transitions, events, commands ─▶ execution-processor ─▶ executions, dispatch.&lt;instance&gt;,
 *      notifications, dispatch-requests (activate, release), job-reruns, artifact manifests and chunks
 *  artifact-chunks, artifact-manifests ─▶ artifact chunk and manifest processors
 * </pre>
 */
public final class PlatformTopology {

    private final RiberryTopics topics;
    private final PlatformSerdes serdes;
    private final Duration instanceOfflineAfter;
    private final KeyPartitions instancePartitions;
    private final KeyPartitions jobNamePartitions;
    private final ProcessingMetrics metrics;
    private Runnable catalogChanged = () -> { };

    /**
     * @param instancePartitions the partitions of the instance-keyed topics (heartbeats, dispatch
     *                           requests), so each instance task knows which catalog instances are its own
     * @param jobNamePartitions  the partitions of the job inputs and job claims, so intake knows
     *                           whether a job is already in the partition of its name
     */
    public PlatformTopology(final RiberryTopics topics, final PlatformSerdes serdes, final Duration instanceOfflineAfter,
                            final KeyPartitions instancePartitions, final KeyPartitions jobNamePartitions) {
        this(topics, serdes, instanceOfflineAfter, instancePartitions, jobNamePartitions, ProcessingMetrics.NONE);
    }

    /** @param metrics what the processors report applied changes to (execution starts and ends, anomalies, dead letters) */
    public PlatformTopology(final RiberryTopics topics, final PlatformSerdes serdes, final Duration instanceOfflineAfter,
                            final KeyPartitions instancePartitions, final KeyPartitions jobNamePartitions, final ProcessingMetrics metrics) {
        this.topics = topics;
        this.serdes = serdes;
        this.instanceOfflineAfter = instanceOfflineAfter;
        this.instancePartitions = instancePartitions;
        this.jobNamePartitions = jobNamePartitions;
        this.metrics = metrics;
    }

    /** Told after every catalog record applied (the HTTP layer's group index is rebuilt then). */
    public PlatformTopology onCatalogChange(final Runnable listener) {
        this.catalogChanged = listener;
        return this;
    }

    public Topology build() {
        final Topology topology = new Topology();
        final Serde<String> key = serdes.key();

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CATALOG), key, serdes.catalogEntry())
                        .withLoggingDisabled(),
                ProcessorNames.CATALOG_SOURCE, key.deserializer(), serdes.catalogEntry().deserializer(), topics.catalog(),
                ProcessorNames.CATALOG_UPDATER, () -> new GlobalTableUpdater<>(StoreNames.CATALOG, catalogChanged));
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PRINCIPALS), key, serdes.apiToken())
                        .withLoggingDisabled(),
                ProcessorNames.PRINCIPALS_SOURCE, key.deserializer(), serdes.apiToken().deserializer(), topics.principals(),
                ProcessorNames.PRINCIPALS_UPDATER, () -> new GlobalTableUpdater<>(StoreNames.PRINCIPALS));

        topology.addSource(ProcessorNames.JOB_INPUTS_SOURCE, key.deserializer(), serdes.jobSubmitted().deserializer(), topics.jobInputs());
        topology.addSource(ProcessorNames.JOB_CLAIMS_SOURCE, key.deserializer(), serdes.jobSubmitted().deserializer(), topics.jobClaims());
        topology.addProcessor(ProcessorNames.JOB_DECISIONS, () -> new JobDecisions(jobNamePartitions, topics.jobInputs()),
                ProcessorNames.JOB_INPUTS_SOURCE, ProcessorNames.JOB_CLAIMS_SOURCE);
        topology.addStateStore(store(StoreNames.JOB_NAMES, Serdes.String()), ProcessorNames.JOB_DECISIONS);
        topology.addStateStore(store(StoreNames.REJECTED_JOBS, Serdes.String()), ProcessorNames.JOB_DECISIONS);
        topology.addSink(ProcessorNames.JOB_CLAIMS_SINK, topics.jobClaims(), key.serializer(), untyped(serdes.jobSubmitted().serializer()),
                ProcessorNames.JOB_DECISIONS);
        topology.addSink(ProcessorNames.JOB_DECISIONS_SINK, topics.jobDecisions(), key.serializer(), untyped(serdes.jobRecord().serializer()),
                ProcessorNames.JOB_DECISIONS);

        topology.addSource(ProcessorNames.JOB_DECISIONS_SOURCE, key.deserializer(), serdes.jobRecord().deserializer(), topics.jobDecisions());
        topology.addSource(ProcessorNames.JOB_RERUNS_SOURCE, key.deserializer(), serdes.jobRerun().deserializer(), topics.jobReruns());
        topology.addProcessor(ProcessorNames.JOB_STORE, JobStoreProcessor::new, ProcessorNames.JOB_DECISIONS_SOURCE,
                ProcessorNames.JOB_RERUNS_SOURCE);
        topology.addStateStore(store(StoreNames.JOBS, serdes.jobRecord()), ProcessorNames.JOB_STORE);

        topology.addSource(ProcessorNames.HEARTBEATS_SOURCE, key.deserializer(), serdes.heartbeat().deserializer(), topics.heartbeats());
        topology.addSource(ProcessorNames.DISPATCH_REQUESTS_SOURCE, key.deserializer(), serdes.dispatchRequest().deserializer(),
                topics.dispatchRequests());
        topology.addProcessor(ProcessorNames.INSTANCE_PROCESSOR, () -> new InstanceProcessor(instanceOfflineAfter, instancePartitions),
                ProcessorNames.HEARTBEATS_SOURCE, ProcessorNames.DISPATCH_REQUESTS_SOURCE);
        topology.addStateStore(store(StoreNames.INSTANCE_STATUS, serdes.instanceState()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addStateStore(store(StoreNames.INSTANCE_PARAMETERS, serdes.instanceParameters()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addStateStore(store(StoreNames.IN_FLIGHT, serdes.inFlightExecution()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addStateStore(store(StoreNames.INSTANCE_PROCESSES, serdes.workerProcessState()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addStateStore(store(StoreNames.DISPATCH_QUEUE, Serdes.String()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addStateStore(store(StoreNames.JOB_SCHEDULE_RUNS, serdes.jobScheduleRuns()), ProcessorNames.INSTANCE_PROCESSOR);
        topology.addSink(ProcessorNames.INSTANCES_SINK, topics.instances(), key.serializer(), untyped(serdes.instanceState().serializer()),
                ProcessorNames.INSTANCE_PROCESSOR);
        topology.addSink(ProcessorNames.PARAMETERS_SINK, topics.parameters(), key.serializer(),
                untyped(serdes.instanceParameters().serializer()), ProcessorNames.INSTANCE_PROCESSOR);
        // A due cron schedule's job goes straight to the partition that decides its name, as the HTTP API's do.
        topology.addSink(ProcessorNames.JOB_INPUTS_SINK, topics.jobInputs(), key.serializer(), untyped(serdes.jobSubmitted().serializer()),
                (topic, jobId, job, partitions) -> Optional.of(Set.of(new KeyPartitions(partitions).partitionOf(((JobSubmitted) job).getName()))),
                ProcessorNames.INSTANCE_PROCESSOR);

        topology.addSource(ProcessorNames.TRANSITIONS_SOURCE, key.deserializer(), serdes.executionTransition().deserializer(),
                topics.executionTransitions());
        topology.addSource(ProcessorNames.WORKER_EVENTS_SOURCE, key.deserializer(), serdes.workflowEvent().deserializer(), topics.events());
        topology.addSource(ProcessorNames.COMMANDS_SOURCE, key.deserializer(), serdes.executionCommand().deserializer(), topics.commands());
        topology.addProcessor(ProcessorNames.EXECUTION_PROCESSOR,
                () -> new ExecutionProcessor(serdes.executionTransition().serializer(), serdes.workflowEvent().serializer(),
                        serdes.executionCommand().serializer(), metrics),
                ProcessorNames.TRANSITIONS_SOURCE, ProcessorNames.WORKER_EVENTS_SOURCE, ProcessorNames.COMMANDS_SOURCE);
        topology.addStateStore(store(StoreNames.EXECUTIONS, serdes.executionRecord()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addStateStore(store(StoreNames.EXECUTION_INDEX, Serdes.String()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addStateStore(store(StoreNames.EXECUTION_COUNTS, Serdes.Long()),
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
                untyped(serdes.executionTransition().serializer()), ProcessorNames.JOB_DECISIONS, ProcessorNames.JOB_STORE,
                ProcessorNames.INSTANCE_PROCESSOR);
        topology.addSink(ProcessorNames.JOB_RERUNS_SINK, topics.jobReruns(), key.serializer(), untyped(serdes.jobRerun().serializer()),
                ProcessorNames.EXECUTION_PROCESSOR);
        topology.addSink(ProcessorNames.DISPATCH_REQUESTS_SINK, topics.dispatchRequests(), key.serializer(),
                untyped(serdes.dispatchRequest().serializer()),
                ProcessorNames.JOB_DECISIONS, ProcessorNames.JOB_STORE, ProcessorNames.EXECUTION_PROCESSOR);
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
