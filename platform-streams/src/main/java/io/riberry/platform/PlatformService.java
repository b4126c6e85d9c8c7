package io.riberry.platform;

import io.riberry.platform.api.ApiRoutes;
import io.riberry.platform.api.TokensApi;
import io.riberry.platform.auth.PlatformAuth;
import io.riberry.platform.dashboard.DashboardRoutes;
import io.riberry.platform.live.LiveChanges;
import io.riberry.platform.live.LiveRoutes;
import io.riberry.schema.ApiToken;
import io.riberry.platform.api.ArtifactsApi;
import io.riberry.platform.api.CommandsApi;
import io.riberry.platform.api.CatalogApi;
import io.riberry.platform.api.ExecutionsApi;
import io.riberry.platform.api.InstancesApi;
import io.riberry.platform.api.JobsApi;
import io.riberry.platform.api.MetricsApi;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.health.Readiness;
import io.riberry.platform.health.StartupTimeline;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.platform.errors.DeadLetterDeserializationHandler;
import io.riberry.platform.errors.DeadLetterProcessingHandler;
import io.riberry.platform.errors.DeadLetterProductionHandler;
import io.riberry.platform.errors.DeadLetters;
import io.riberry.platform.http.JsonHttpServer;
import io.riberry.platform.liveness.PlatformClock;
import io.riberry.platform.query.ArtifactQueries;
import io.riberry.platform.query.CatalogQueries;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.InstanceQueries;
import io.riberry.platform.query.GlobalStores;
import io.riberry.platform.query.InternalRoutes;
import io.riberry.platform.query.JobQueries;
import io.riberry.platform.query.QueryEngine;
import io.riberry.platform.query.Replicas;
import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.platform.metrics.RiberryMetrics;
import io.riberry.platform.query.StoreAccess;
import io.riberry.platform.registry.SchemaRegistryServer;
import io.riberry.platform.topology.PlatformSerdes;
import io.riberry.topics.JobNamePartitioner;
import io.riberry.topics.KeyPartitions;
import io.riberry.platform.topology.PlatformTopology;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.JobSubmitted;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.PublicSchemas;
import io.riberry.topics.RiberryTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform process: the embedded schema registry (optional), the Kafka Streams application
 * and the HTTP API. Start order matters: the registry must answer before the serdes register,
 * and the API port must be bound before Streams advertises it as {@code application.server}.
 */
public final class PlatformService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformService.class);

    private final PlatformConfig config;
    private SchemaRegistryServer registryServer;
    private JsonHttpServer apiServer;
    private LiveChanges liveChanges;
    private KafkaStreams streams;
    private KafkaProducer<String, JobSubmitted> jobProducer;
    private KafkaProducer<String, ExecutionCommand> commandProducer;
    private KafkaProducer<String, ApiToken> tokenProducer;
    private PlatformAuth auth;
    private final GlobalStores globalStores = new GlobalStores(() -> streams);
    /** Moves with every catalog record applied: the groups behind every request's access are re-read then. */
    private final java.util.concurrent.atomic.AtomicLong catalogVersion = new java.util.concurrent.atomic.AtomicLong();
    private String registryUrl;
    private Readiness readiness;
    private final StartupTimeline timeline = new StartupTimeline();
    private boolean startupLogged;
    private PlatformClock clock;
    private ScheduledExecutorService schemaRetry;
    private static final Duration SCHEMA_RETRY = Duration.ofSeconds(3);
    private RiberryMetrics metrics;

    private PlatformService(final PlatformConfig config) {
        this.config = config;
    }

    public static PlatformService start(final PlatformConfig config) {
        final PlatformService service = new PlatformService(config);
        try {
            service.startAll();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void startAll() {
        final RiberryTopics topics = new RiberryTopics(config.topicPrefix());
        metrics = RiberryMetrics.prometheus();
        auth = PlatformAuth.from(config, globalStores::token, globalStores::catalog, catalogVersion::get, Clock.systemUTC());
        if (config.registryEmbedded()) {
            registryServer = SchemaRegistryServer.start(config.kafka(), config.httpHost(), config.registryPort(), auth.registryGate());
            timeline.mark("embedded registry");
        }
        registryUrl = config.schemaRegistryUrl(registryServer == null ? -1 : registryServer.port());
        final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(registryUrl, auth.registryClientSettings(config));
        TopicAdmin.ensureTopics(config.kafka(), topics, List.of(), config.topicPartitions(), config.replicationFactor());
        timeline.mark("topics");

        jobProducer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // Straight to the partition that decides the job's name: one hop less than any other.
                ProducerConfig.PARTITIONER_CLASS_CONFIG, JobNamePartitioner.class)),
                new StringSerializer(), AvroSerdes.serde(JobSubmitted.class, registry).serializer());
        commandProducer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), AvroSerdes.serde(ExecutionCommand.class, registry).serializer());
        tokenProducer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), AvroSerdes.serde(ApiToken.class, registry).serializer());

        // The API port must be bound before Streams is built, to advertise the real port as application.server.
        apiServer = JsonHttpServer.start("riberry-api", config.httpHost(), config.httpPort(), 32);
        final HostInfo self = new HostInfo(config.advertisedHost(), apiServer.port());
        timeline.mark("clients and HTTP");

        final int instancePartitions = TopicAdmin.sharedPartitionCount(config.kafka(),
                List.of(topics.heartbeats(), topics.dispatchRequests()));
        final int jobNamePartitions = TopicAdmin.sharedPartitionCount(config.kafka(), List.of(topics.jobInputs(), topics.jobClaims()));
        final Topology topology = new PlatformTopology(topics, PlatformSerdes.using(registry), Duration.ofMillis(config.instanceOfflineAfterMs()),
                new KeyPartitions(instancePartitions), new KeyPartitions(jobNamePartitions), metrics)
                .onCatalogChange(catalogVersion::incrementAndGet).build();
        streams = new KafkaStreams(topology, streamsProperties(topics, self));
        readiness = new Readiness(streams, Clock.systemUTC());
        metrics.bindStreams(streams);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("A stream thread failed; replacing it", exception);
            readiness.streamThreadFailed(exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(timeline);
        registerPublicSchemas(registry, topics);
        timeline.mark("schemas");
        serveApi(self, topics, topology, registry);
        streams.start();
        clock = PlatformClock.start(config.kafka(), registry, topics.heartbeats(), Duration.ofMillis(config.instanceOfflineAfterMs()));
    }

    /**
     * Registers every public subject now, so a third-party producer finds them from the first
     * moment this replica is ready; a registry that does not answer yet is tried again every few
     * seconds, and the replica stays not ready meanwhile.
     */
    private void registerPublicSchemas(final SchemaRegistryClient registry, final RiberryTopics topics) {
        try {
            PublicSchemas.registerAll(registry, topics);
            readiness.schemasRegistered();
        } catch (RuntimeException e) {
            LOG.warn("Cannot register the public schemas at {} yet ({}); trying again every {} s", registryUrl, e.getMessage(),
                    SCHEMA_RETRY.toSeconds());
            readiness.schemasNotRegistered(e.getMessage());
            schemaRetry = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread thread = new Thread(r, "riberry-schema-registration");
                thread.setDaemon(true);
                return thread;
            });
            schemaRetry.scheduleWithFixedDelay(() -> {
                try {
                    PublicSchemas.registerAll(registry, topics);
                    readiness.schemasRegistered();
                    LOG.info("Public schemas registered at {}", registryUrl);
                    schemaRetry.shutdown();
                } catch (RuntimeException retryFailure) {
                    readiness.schemasNotRegistered(retryFailure.getMessage());
                }
            }, SCHEMA_RETRY.toMillis(), SCHEMA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Properties streamsProperties(final RiberryTopics topics, final HostInfo self) {
        // The deployment's client settings (security) first; the platform's own below win.
        final Properties props = config.kafka().clientProperties(Map.of());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        if (!config.groupInstanceId().isBlank()) {
            // Static membership: a replica restarted within the session timeout keeps its tasks, no rebalance storm.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.groupInstanceId());
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        props.put(DeadLetters.TOPIC_CONFIG, topics.deadLetters());
        // The dead-letter handlers are made by Streams from their class names: they find the metrics here.
        props.put(ProcessingMetrics.CONFIG, metrics);
        props.put(AvroSerdes.SCHEMA_REGISTRY_URL, registryUrl);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The execution processor reads transitions and worker events; it needs no cross-topic
        // timestamp order (READY is stored before any worker can see the dispatch), so a task
        // must never idle waiting for the other topic to catch up.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // A restarted instance should get its partitions back at once, not after the session timeout.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // Every hop of a job is a transactional write read back by the next hop; a fetch parked on
        // an empty partition otherwise waits up to 500 ms after the transaction commits.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        // With transactions v2 a produce right after a commit may be told CONCURRENT_TRANSACTIONS
        // while markers are written; retry in milliseconds, not the default 100 ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        return props;
    }

    /** This replica's authentication (its admin token file, its replica credential, its gates). */
    public PlatformAuth auth() {
        return auth;
    }

    /** Waits until this replica is ready (see {@link Readiness}), or fails with the reasons it is not. */
    public synchronized void awaitReady(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        Readiness.Report report = readiness.report();
        while (!report.ready()) {
            if (!report.live()) {
                throw new IllegalStateException("The platform stopped: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The platform is not ready after " + timeout.toSeconds() + " s: "
                        + String.join("; ", report.reasons()));
            }
            final CountDownLatch tick = new CountDownLatch(1);
            try {
                tick.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the platform", e);
            }
            report = readiness.report();
        }
        if (!startupLogged) {
            timeline.mark("Streams to ready");
            LOG.info("{}", timeline.describe());
            startupLogged = true;
        }
    }

    /** Where this replica's start went (see {@link StartupTimeline}), as of now. */
    public String startupReport() {
        return timeline.describe();
    }

    public Readiness readiness() {
        return readiness;
    }

    public String apiUrl() {
        return "http://" + config.advertisedHost() + ":" + apiServer.port() + ApiRoutes.BASE_PATH;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (schemaRetry != null) {
            schemaRetry.shutdownNow();
        }
        if (liveChanges != null) {
            // Its streams end before the server does: browsers see a clean end and reconnect elsewhere.
            liveChanges.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (clock != null) {
            clock.close();
        }
        if (metrics != null) {
            // Before Streams closes its stores: the Kafka binder reads store metrics from RocksDB itself,
            // and Kafka does not guard such a read against the store closing under it (KAFKA-10025).
            metrics.close();
        }
        if (streams != null) {
            // Leave the group so a restarted instance is assigned at once instead of after the session timeout.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        if (jobProducer != null) {
            jobProducer.close(Duration.ofSeconds(5));
        }
        if (commandProducer != null) {
            commandProducer.close(Duration.ofSeconds(5));
        }
        if (tokenProducer != null) {
            tokenProducer.close(Duration.ofSeconds(5));
        }
        if (registryServer != null) {
            registryServer.close();
        }
    }

    /** The public API and, on the same port, the internal path replicas ask each other on. */
    private void serveApi(final HostInfo self, final RiberryTopics topics, final Topology topology, final SchemaRegistryClient registry) {
        final QueryEngine engine = new QueryEngine(new StoreAccess(streams, self, topology.describe()), new Replicas(auth.replica().bearerToken()));
        final CatalogQueries catalog = new CatalogQueries(engine.stores());
        final ExecutionQueries executions = new ExecutionQueries(engine);
        final JobQueries jobs = new JobQueries(engine);
        final ArtifactQueries artifacts = new ArtifactQueries(engine);
        final InstanceQueries instances = new InstanceQueries(engine);
        apiServer.serve(Replicas.INTERNAL_PATH, InternalRoutes.router(engine, artifacts), JsonHttpServer::apiErrorBody, "application/json",
                auth.internalGate());
        apiServer.serve(ApiRoutes.BASE_PATH, ApiRoutes.router(
                new JobsApi(catalog, jobs, executions, jobProducer, topics.jobInputs(), Clock.systemUTC()),
                new ExecutionsApi(executions), new ArtifactsApi(executions, artifacts), new CatalogApi(catalog),
                new InstancesApi(catalog, instances, Clock.systemUTC()),
                new CommandsApi(executions, jobs, commandProducer, topics.commands(), Clock.systemUTC()),
                readiness, new MetricsApi(metrics),
                new TokensApi(tokenProducer, topics.principals(), globalStores::token, globalStores::tokens, Clock.systemUTC())),
                JsonHttpServer::apiErrorBody, "application/json", metrics::httpRequest, auth.apiGate());
        // Last: the root mount answers every path no other mount claims.
        liveChanges = LiveChanges.start(config.kafka(), registry, topics);
        apiServer.serve("", new DashboardRoutes(auth, new LiveRoutes(liveChanges, executions, auth.apiGate())).router(), JsonHttpServer::apiErrorBody, "application/json",
                auth.apiGate());
    }
}
