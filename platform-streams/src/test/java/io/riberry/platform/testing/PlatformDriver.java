package io.riberry.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.errors.DeadLetterDeserializationHandler;
import io.riberry.platform.errors.DeadLetterProcessingHandler;
import io.riberry.platform.errors.DeadLetterProductionHandler;
import io.riberry.platform.errors.DeadLetters;
import io.riberry.platform.liveness.ClockTicks;
import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.platform.processor.execution.ExecutionProgress;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.topics.KeyPartitions;
import io.riberry.platform.topology.PlatformSerdes;
import io.riberry.platform.topology.PlatformTopology;
import io.riberry.platform.topology.StoreNames;
import io.riberry.registry.InMemorySchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.Notification;
import io.riberry.schema.StreamState;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ArtifactStatus;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.StepRecord;
import io.riberry.schema.internal.WorkerProcessState;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The platform topology on the test driver, with the demo catalog loaded and typed access to its topics and stores. */
public final class PlatformDriver implements AutoCloseable {

    public static final RiberryTopics TOPICS = RiberryTopics.withDefaultPrefix();
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(10);

    private final String registryScope = UUID.randomUUID().toString();
    private final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(registryUrl());
    private final TopologyTestDriver driver;

    public final TestInputTopic<String, JobSubmitted> jobInputs;
    public final TestInputTopic<String, byte[]> rawJobInputs;
    public final TestInputTopic<String, WorkflowEvent> events;
    public final TestInputTopic<String, ArtifactChunk> chunks;
    public final TestInputTopic<String, Heartbeat> heartbeats;
    public final TestInputTopic<String, ExecutionCommand> commands;
    public final TestOutputTopic<String, InstanceState> instances;
    public final TestOutputTopic<String, ExecutionState> executions;
    public final TestOutputTopic<String, ExecutionDispatched> dispatches;
    public final TestOutputTopic<String, DeadLetter> deadLetters;
    public final TestOutputTopic<String, Notification> notifications;
    public final TestOutputTopic<String, InstanceParameters> parameters;
    /** Jobs the platform itself submitted (cron schedules); the same topic the tests submit on. */
    public final TestOutputTopic<String, JobSubmitted> submittedJobs;
    /** Jobs intake re-keyed by name because they arrived outside their name's partition. */
    public final TestOutputTopic<String, JobSubmitted> claims;
    private final TestInputTopic<String, CatalogEntry> catalogInput;
    private Instant wallClock;
    private int jobNamePartitions = 1;
    private ProcessingMetrics metrics = ProcessingMetrics.NONE;

    /** The platform with the demo catalog and its instance ONLINE (one heartbeat at {@code start}). */
    public PlatformDriver(final Path stateDir, final Instant start) {
        this(stateDir, start, true);
    }

    public PlatformDriver(final Path stateDir, final Instant start, final boolean instanceOnline) {
        this(stateDir, start, instanceOnline, 1);
    }

    /**
     * @param jobNamePartitions how many partitions intake believes the job inputs have; the driver
     *                          has one, so with more, a job whose name hashes elsewhere takes the
     *                          job-claims detour as it would on a real cluster
     */
    public PlatformDriver(final Path stateDir, final Instant start, final boolean instanceOnline, final int jobNamePartitions) {
        this(stateDir, start, instanceOnline, jobNamePartitions, ProcessingMetrics.NONE);
    }

    /** The platform with the demo catalog, its instance ONLINE, its processors and dead-letter handlers reporting to {@code metrics}. */
    public PlatformDriver(final Path stateDir, final Instant start, final ProcessingMetrics metrics) {
        this(stateDir, start, true, 1, metrics);
    }

    private PlatformDriver(final Path stateDir, final Instant start, final boolean instanceOnline, final int jobNamePartitions,
                           final ProcessingMetrics metrics) {
        this.jobNamePartitions = jobNamePartitions;
        this.metrics = metrics;
        driver = new TopologyTestDriver(topology(), properties(stateDir), start);
        wallClock = start;
        heartbeats = input(TOPICS.heartbeats(), Heartbeat.class);
        // The platform's clock ticked before anything else happened: the instance task judges liveness from the start.
        clockTick();
        catalogInput = input(TOPICS.catalog(), CatalogEntry.class);
        Catalogs.demo().forEach(catalogInput::pipeInput);
        jobInputs = input(TOPICS.jobInputs(), JobSubmitted.class);
        rawJobInputs = driver.createInputTopic(TOPICS.jobInputs(), new StringSerializer(), new ByteArraySerializer());
        events = input(TOPICS.events(), WorkflowEvent.class);
        chunks = input(TOPICS.artifactChunks(), ArtifactChunk.class);
        commands = input(TOPICS.commands(), ExecutionCommand.class);
        instances = output(TOPICS.instances(), InstanceState.class);
        executions = output(TOPICS.executions(), ExecutionState.class);
        dispatches = output(TOPICS.dispatch(Catalogs.INSTANCE), ExecutionDispatched.class);
        deadLetters = output(TOPICS.deadLetters(), DeadLetter.class);
        notifications = output(TOPICS.notifications(), Notification.class);
        parameters = output(TOPICS.parameters(), InstanceParameters.class);
        submittedJobs = output(TOPICS.jobInputs(), JobSubmitted.class);
        claims = output(TOPICS.jobClaims(), JobSubmitted.class);
        if (instanceOnline) {
            heartbeat(start);
            instances.readValuesToList();
        }
    }

    /** A heartbeat of the demo instance, sent at {@code sentAt}. */
    public void heartbeat(final Instant sentAt) {
        heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat(Events.PROCESS, sentAt, List.of("hello"), false));
    }

    /** The platform clock ticks at the driver's wall clock: the instance task has read every heartbeat sent before now. */
    public void clockTick() {
        clockTick(wallClock);
    }

    /** A platform clock tick stamped {@code at}, as a replica's clock publishes it on the heartbeats topic. */
    public void clockTick(final Instant at) {
        heartbeats.pipeInput(ClockTicks.KEY, ClockTicks.at(at), at);
    }

    /**
     * Time passes on a platform that keeps up: the wall clock moves (punctuators fire), then the
     * clock tick of the new time is read.
     */
    public void passTime(final Duration by) {
        advanceWallClock(by);
        clockTick();
    }

    /** Publishes (or, with a null entity, deletes) one catalog entry. */
    public void catalog(final String entityId, final Object entity) {
        catalogInput.pipeInput(entityId, entity == null ? null : new CatalogEntry(entityId, entity));
    }

    public Topology topology() {
        return new PlatformTopology(TOPICS, PlatformSerdes.using(registry), OFFLINE_AFTER, new KeyPartitions(1),
                new KeyPartitions(jobNamePartitions), metrics).build();
    }

    private String registryUrl() {
        return SchemaRegistryClients.MOCK_SCHEME + registryScope;
    }

    private Properties properties(final Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "platform-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // No exactly_once_v2 here: the test driver does not hand back dead-letter records sent inside
        // its emulated transaction. The integration tests run the real thing under EOS.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        props.put(DeadLetters.TOPIC_CONFIG, TOPICS.deadLetters());
        props.put(ProcessingMetrics.CONFIG, metrics);
        props.put(AvroSerdes.SCHEMA_REGISTRY_URL, registryUrl());
        return props;
    }

    private <T extends org.apache.avro.specific.SpecificRecordBase> TestInputTopic<String, T> input(final String topic, final Class<T> type) {
        return driver.createInputTopic(topic, new StringSerializer(), AvroSerdes.serde(type, registry).serializer());
    }

    private <T extends org.apache.avro.specific.SpecificRecordBase> TestOutputTopic<String, T> output(final String topic, final Class<T> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), AvroSerdes.serde(type, registry).deserializer());
    }

    /** Submits a valid hello job, checks it reached READY, drains its snapshots and dispatch; answers its execution id. */
    public String dispatchedJob(final String jobId) {
        jobInputs.pipeInput(jobId, Events.job(jobId, "hello", Map.of("name", "Ada")));
        assertThat(executions.readValuesToList()).extracting(ExecutionState::getStatus)
                .containsExactly(ExecutionStatus.RECEIVED, ExecutionStatus.READY);
        dispatches.readValuesToList();
        return ExecutionIds.of(jobId, 1);
    }

    /** A dispatched job whose entry point began: ACTIVE. */
    public String activeJob(final String jobId, final Instant at) {
        final String executionId = dispatchedJob(jobId);
        events.pipeInput(executionId, Events.started(executionId, 1, at));
        executions.readValuesToList();
        return executionId;
    }

    /** Moves the driver's wall clock, firing wall-clock punctuators that come due. */
    public void advanceWallClock(final Duration by) {
        wallClock = wallClock.plus(by);
        driver.advanceWallClockTime(by);
    }

    /** The driver's wall clock. */
    public Instant now() {
        return wallClock;
    }

    /** The global catalog store, as every replica holds it. */
    public KeyValueStore<String, CatalogEntry> catalogStore() {
        return driver.getKeyValueStore(StoreNames.CATALOG);
    }

    public KeyValueStore<String, InstanceState> instanceStore() {
        return driver.getKeyValueStore(StoreNames.INSTANCE_STATUS);
    }

    public KeyValueStore<String, Long> executionCountStore() {
        return driver.getKeyValueStore(StoreNames.EXECUTION_COUNTS);
    }

    public KeyValueStore<String, InstanceParameters> parameterStore() {
        return driver.getKeyValueStore(StoreNames.INSTANCE_PARAMETERS);
    }

    public KeyValueStore<String, WorkerProcessState> processStore() {
        return driver.getKeyValueStore(StoreNames.INSTANCE_PROCESSES);
    }

    public KeyValueStore<String, String> dispatchQueueStore() {
        return driver.getKeyValueStore(StoreNames.DISPATCH_QUEUE);
    }

    public KeyValueStore<String, ExecutionRecord> executionStore() {
        return driver.getKeyValueStore(StoreNames.EXECUTIONS);
    }

    public KeyValueStore<String, JobRecord> jobStore() {
        return driver.getKeyValueStore(StoreNames.JOBS);
    }

    public KeyValueStore<String, StreamState> streamStore() {
        return driver.getKeyValueStore(StoreNames.EXECUTION_STREAMS);
    }

    public KeyValueStore<String, StepRecord> stepStore() {
        return driver.getKeyValueStore(StoreNames.EXECUTION_STEPS);
    }

    public KeyValueStore<String, ArtifactStatus> artifactStore() {
        return driver.getKeyValueStore(StoreNames.ARTIFACTS);
    }

    public KeyValueStore<String, byte[]> chunkStore() {
        return driver.getKeyValueStore(StoreNames.ARTIFACT_CHUNKS);
    }

    public KeyValueStore<String, ArtifactManifest> executionArtifactStore() {
        return driver.getKeyValueStore(StoreNames.EXECUTION_ARTIFACTS);
    }

    /** The execution's counts as the API derives them from its streams. */
    public ProgressCounts executionProgress(final String executionId) {
        final ExecutionRecord record = executionStore().get(executionId);
        return ExecutionProgress.of(streamStore(), executionId, record.getState().getStartedAt(), record.getReportedPercent());
    }

    public ExecutionState execution(final String executionId) {
        return executionStore().get(executionId).getState();
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(registryScope);
    }
}
