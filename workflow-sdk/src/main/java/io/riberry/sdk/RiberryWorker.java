package io.riberry.sdk;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.RegistryCredentials;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.topics.RiberryTopics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process of one application instance. It receives the executions the platform
 * dispatches to its instance (processes of one instance share them; each runs once), reports
 * ACTIVE, runs the form's entry point and reports SUCCESS or FAILURE. It sends heartbeats
 * carrying the forms it serves, follows cancels, and hands the instance's dynamic parameters to
 * handlers ({@code concurrency} resizes its pools live).
 *
 * <pre>{@code
 * RiberryWorker.builder()
 *         .fromProperties(Path.of("config/worker.properties"))   // application, instance, addresses...
 *         .fromEnvironment()                                      // RIBERRY_* override the file
 *         .entryPoint("monthly-invoices", ctx -> {
 *             int customers = ctx.input("customers", Integer.class);
 *             ...
 *         })
 *         .build()
 *         .run();                                                 // blocks until Ctrl-C, then closes gracefully
 * }</pre>
 *
 * <h2>Starting</h2>
 * {@link #start()} fails fast, within the start timeout (default 30 s), with a
 * {@link WorkerStartException} naming the address and the setting when Kafka or the schema registry
 * does not answer, and, by default ({@link CatalogCheck#REFUSE}), when the published catalog does
 * not know the worker's application, its instance (of that application) or one of its forms (of
 * that instance). Only then does it create the instance's dispatch topic, if missing.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@code riberry-dispatch-<instance>}: polls the instance's dispatches (one consumer in the
 *       instance's group) and hands them to the entry-point pool;</li>
 *   <li>{@code riberry-entry-point-N}: runs entry points, as many at once as the concurrency (the
 *       builder's, or the instance's {@code concurrency} parameter, live);</li>
 *   <li>{@code riberry-chain-<execution>-N}: each execution's own chain pool, made on its first
 *       {@link StreamScope#runChains}, as many threads as the concurrency, gone when it ends;</li>
 *   <li>{@code riberry-timed-task-N}: attempts of tasks with a timeout, made when needed;</li>
 *   <li>{@code riberry-commands-<instance>}: reads cancels and parameter changes, and calls the
 *       {@link ParameterHandler}s, one at a time;</li>
 *   <li>{@code riberry-heartbeat}: sends a heartbeat every interval;</li>
 *   <li>one Kafka producer I/O thread for everything the worker writes.</li>
 * </ul>
 * Entry points and chains may call the {@link ExecutionContext} from any of their threads.
 *
 * <h2>Healing</h2>
 * Every part survives broker and registry outages by itself, retrying with backoff and logging
 * once when it goes down, every 30 s while it stays down, and once when it is back;
 * {@link #health()} tells each part's state. What entry points report waits in the producer
 * through an outage.
 *
 * <h2>Stopping</h2>
 * {@link #close(Duration)} stops taking work, tells the platform so in its heartbeats, lets running
 * entry points finish (those still running at the timeout end FAILURE with a
 * {@link WorkerStoppedException}), then flushes what they reported. {@link #run()} does all of this
 * on Ctrl-C (SIGTERM) by itself.
 */
public final class RiberryWorker implements AutoCloseable {

    /** The dynamic parameter that sets how many entry points (and chains per execution) a process runs at once. */
    public static final String CONCURRENCY = "concurrency";
    private static final Logger LOG = LoggerFactory.getLogger(RiberryWorker.class);
    /** How long a close waits, after the entry points, for Kafka to take what they reported. */
    private static final Duration FLUSH_AT_CLOSE = Duration.ofSeconds(5);

    private final Builder settings;
    private final Clock clock = Clock.systemUTC();
    private final PartHealth dispatchHealth;
    private final PartHealth commandsHealth;
    private final PartHealth eventsHealth;
    private final PartHealth registryHealth;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final TaskThreads taskThreads = new TaskThreads();
    private final WorkerMetrics metrics;
    private volatile WorkerHealth.State state = WorkerHealth.State.NEW;
    private KafkaSink sink;
    private HeartbeatSender heartbeats;
    private CommandFollower commands;
    private DispatchLoop dispatchLoop;
    private ParameterValues parameters;

    private RiberryWorker(final Builder settings) {
        this.settings = settings;
        final String kafka = "Kafka at " + settings.bootstrapServers;
        this.dispatchHealth = new PartHealth(WorkerHealth.DISPATCH, kafka, clock);
        this.commandsHealth = new PartHealth(WorkerHealth.COMMANDS, kafka, clock);
        this.eventsHealth = new PartHealth(WorkerHealth.EVENTS, kafka, clock);
        this.registryHealth = new PartHealth(WorkerHealth.REGISTRY, "schema registry at " + settings.registryUrlToShow(), clock);
        this.metrics = new WorkerMetrics(settings.meterRegistry, settings.instance);
    }

    /** @return a builder with no settings yet */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks Kafka, the registry and the catalog, creates the instance's dispatch topic if needed
     * and starts receiving dispatches. Returns once the worker runs.
     *
     * @return this worker
     * @throws WorkerStartException  when Kafka or the registry did not answer within the start
     *                               timeout, or the catalog does not match (see {@link CatalogCheck})
     * @throws IllegalStateException when the worker was started before
     */
    public synchronized RiberryWorker start() {
        if (state != WorkerHealth.State.NEW || sink != null) {
            throw new IllegalStateException("worker of " + settings.instance + " already started");
        }
        final long startedAt = System.nanoTime();
        final long deadline = startedAt + settings.startTimeout.toNanos();
        final RiberryTopics topics = new RiberryTopics(settings.topicPrefix);
        final KafkaConnection kafka = settings.kafkaConnection();
        final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(settings.schemaRegistryUrl, settings.registryCredentials());
        final String took;
        try (StartupChecks checks = new StartupChecks(kafka, registry, settings.registryUrlToShow(), topics, settings.startTimeout)) {
            took = checks.all(settings.application, settings.instance, settings.entryPoints.keySet(), settings.catalogCheck,
                    topics.dispatch(settings.instance), settings.dispatchPartitions);
        }
        try {
            sink = new KafkaSink(kafka, registry, topics, eventsHealth, clock, settings.heartbeatInterval);
            parameters = new ParameterValues(settings.instance, this::parameterChanged);
            dispatchLoop = new DispatchLoop(kafka, registry, topics.dispatch(settings.instance), settings.instance, settings.concurrency,
                    settings.sessionTimeout, Map.copyOf(settings.entryPoints), this::newRun, dispatchHealth, registryHealth, clock);
            commands = new CommandFollower(kafka, registry, topics, settings.instance, dispatchLoop::cancel, parameters, commandsHealth,
                    registryHealth, clock);
            // Parameters and recent cancels are read before the first dispatch is: a concurrency of 1 holds from the first poll.
            commands.start(deadline);
            dispatchLoop.start();
            heartbeats = new HeartbeatSender(sink, settings.application, settings.instance, settings.processId,
                    List.copyOf(new TreeSet<>(settings.entryPoints.keySet())), settings.heartbeatInterval);
        } catch (RuntimeException e) {
            stopParts(Duration.ZERO);
            state = WorkerHealth.State.STOPPED;
            terminated.countDown();
            throw new WorkerStartException("could not start the worker of " + settings.instance + ": " + e.getMessage(), e);
        }
        state = WorkerHealth.State.RUNNING;
        LOG.info("Worker of {} ({}) started in {} ms ({} ms into the start, every part reached): forms {}, concurrency {}, Kafka {}, registry {}",
                settings.instance, settings.application, millisSince(startedAt), took, new TreeSet<>(settings.entryPoints.keySet()),
                concurrency(), kafka, settings.registryUrlToShow());
        return this;
    }

    private static long millisSince(final long startedAt) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }

    private ExecutionRun newRun(final Job job) {
        return new ExecutionRun(job, new KafkaReporter(sink, job, settings.instance, settings.processId), metrics, taskThreads,
                dispatchLoop::concurrency, parameters::get);
    }

    /**
     * Starts the worker, closes it gracefully on Ctrl-C or SIGTERM (waiting up to the shutdown
     * timeout for running entry points), and blocks until it is closed, by the hook or by another
     * thread calling {@link #close()}.
     *
     * @throws WorkerStartException when it cannot start (see {@link #start()})
     */
    public void run() {
        start();
        // close() returns once the worker is closed, even when another thread began the close: the JVM waits for the hook.
        final Thread hook = new Thread(() -> close(settings.shutdownTimeout), "riberry-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(settings.shutdownTimeout);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what closed it.
        }
    }

    /**
     * Waits until the worker is closed.
     *
     * @param timeout how long to wait at most
     * @return whether it is closed
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the instance this worker serves */
    public String instance() {
        return settings.instance;
    }

    /**
     * How the worker and each of its parts are doing now.
     *
     * @return the lifecycle state and the health of {@value WorkerHealth#DISPATCH}, {@value WorkerHealth#COMMANDS},
     *         {@value WorkerHealth#EVENTS} and {@value WorkerHealth#REGISTRY}
     */
    public WorkerHealth health() {
        final Map<String, WorkerHealth.Part> parts = new LinkedHashMap<>();
        parts.put(WorkerHealth.DISPATCH, dispatchHealth.snapshot());
        parts.put(WorkerHealth.COMMANDS, commandsHealth.snapshot());
        parts.put(WorkerHealth.EVENTS, eventsHealth.snapshot());
        parts.put(WorkerHealth.REGISTRY, registryHealth.snapshot());
        return new WorkerHealth(state, Map.copyOf(parts));
    }

    /**
     * The active value of a dynamic parameter of this worker's instance, as last published by the platform.
     *
     * @param name the parameter
     * @return its value, or empty when unset or before start
     */
    public Optional<String> parameter(final String name) {
        final ParameterValues values = parameters;
        return values == null ? Optional.empty() : values.get(name);
    }

    /** @return how many entry points this process runs at once now: its setting, or the instance's {@code concurrency} parameter */
    public int concurrency() {
        final DispatchLoop loop = dispatchLoop;
        return loop == null ? settings.concurrency : loop.concurrency();
    }

    private void parameterChanged(final String name, final String value) {
        if (CONCURRENCY.equals(name)) {
            dispatchLoop.concurrency(parseConcurrency(value));
        }
        for (ParameterHandler handler : settings.parameterHandlers.getOrDefault(name, List.of())) {
            handler.changed(value);
        }
    }

    private Integer parseConcurrency(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            LOG.warn("Parameter concurrency = \"{}\" of {} is not a whole number; keeping {}", value, settings.instance, concurrency());
            return concurrency();
        }
    }

    /**
     * Stops taking dispatches and tells the platform to send no more, lets running entry points
     * finish (up to {@code timeout}; those still running then end FAILURE), then flushes what they
     * reported, for at most a few seconds more. Returns once the worker is closed, also when
     * another thread began the close.
     *
     * @param timeout how long running entry points may take to finish
     */
    public void close(final Duration timeout) {
        synchronized (this) {
            if (state == WorkerHealth.State.STOPPING || state == WorkerHealth.State.STOPPED) {
                awaitClosedByOther(timeout);
                return;
            }
            state = WorkerHealth.State.STOPPING;
        }
        LOG.info("Worker of {} closing: taking no new work, waiting up to {} s for {} running", settings.instance, timeout.toSeconds(),
                dispatchLoop == null ? 0 : dispatchLoop.running());
        stopParts(timeout);
        state = WorkerHealth.State.STOPPED;
        terminated.countDown();
        LOG.info("Worker of {} closed", settings.instance);
    }

    private void awaitClosedByOther(final Duration timeout) {
        try {
            terminated.await(timeout.plus(FLUSH_AT_CLOSE).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In this order: no new work comes on this process's account; what runs may finish (still heartbeating and hearing cancels); then the rest stops. */
    private synchronized void stopParts(final Duration timeout) {
        if (heartbeats != null) {
            heartbeats.stopping();
        }
        if (dispatchLoop != null) {
            dispatchLoop.close(timeout, sink == null ? () -> { } : sink::closing);
        }
        if (sink != null) {
            // From here on nothing waits for Kafka: the close ends in its time even while Kafka is away.
            sink.closing();
        }
        if (heartbeats != null) {
            heartbeats.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (sink != null) {
            sink.close(FLUSH_AT_CLOSE);
        }
        taskThreads.close();
    }

    /** {@link #close(Duration)} with the shutdown timeout (default 30 s). */
    @Override
    public void close() {
        close(settings.shutdownTimeout);
    }

    /**
     * Settings of a worker. Required: application, instance, bootstrap servers, schema registry
     * URL and at least one entry point; nothing defaults to an address. Settings come from the
     * methods, a properties file ({@link #fromProperties(Properties)}) and the environment
     * ({@link #fromEnvironment()}); whichever is called last wins.
     */
    public static final class Builder {

        /** The setting of {@link #schemaRegistryUserInfo(String)}, as Confluent's clients name it. */
        public static final String REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
        /** The setting of {@link #schemaRegistryBearerToken(String)}, as Confluent's clients name it. */
        public static final String REGISTRY_BEARER_TOKEN = "schema.registry.bearer.auth.token";
        /** The keys a worker's properties file may hold, besides {@code kafka.*} client settings. */
        public static final Set<String> KEYS = Set.of("application", "instance", "bootstrap.servers", "schema.registry.url", "topic.prefix",
                "concurrency", "dispatch.partitions", "heartbeat.interval.ms", "session.timeout.ms", "start.timeout.ms",
                "shutdown.timeout.ms", "catalog.check", "process.id", REGISTRY_USER_INFO, REGISTRY_BEARER_TOKEN);

        private String application;
        private String instance;
        private String bootstrapServers;
        private String schemaRegistryUrl;
        // Secrets: never logged, never in toProperties() or a message.
        private String registryUserInfo;
        private String registryBearerToken;
        private String topicPrefix = RiberryTopics.DEFAULT_PREFIX;
        private int concurrency = 4;
        private int dispatchPartitions = 4;
        private String processId = ManagementFactory.getRuntimeMXBean().getName();
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private CatalogCheck catalogCheck = CatalogCheck.REFUSE;
        private MeterRegistry meterRegistry = Metrics.globalRegistry;
        private final Map<String, Object> kafkaSettings = new HashMap<>();
        private final Map<String, EntryPoint> entryPoints = new HashMap<>();
        private final Map<String, List<ParameterHandler>> parameterHandlers = new HashMap<>();

        private Builder() {
        }

        /**
         * @param application the application, as the catalog names it
         * @return this builder
         */
        public Builder application(final String application) {
            this.application = application;
            return this;
        }

        /**
         * @param instance the instance of the application this process serves, as the catalog names it
         * @return this builder
         */
        public Builder instance(final String instance) {
            this.instance = instance;
            return this;
        }

        /**
         * @param bootstrapServers Kafka's bootstrap servers, {@code host:port[,host:port...]} (setting {@code bootstrap.servers})
         * @return this builder
         */
        public Builder bootstrapServers(final String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /**
         * @param schemaRegistryUrl the schema registry (setting {@code schema.registry.url})
         * @return this builder
         */
        public Builder schemaRegistryUrl(final String schemaRegistryUrl) {
            this.schemaRegistryUrl = schemaRegistryUrl;
            return this;
        }

        /**
         * HTTP Basic credentials for the schema registry (setting {@value #REGISTRY_USER_INFO}, environment
         * {@code RIBERRY_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}). Riberry's registry ignores the user and
         * takes the password as an API token; another registry checks both. Replaces a
         * {@link #schemaRegistryBearerToken(String)} given before. The value is never logged.
         *
         * @param userInfo {@code user:password}
         * @return this builder
         * @throws IllegalArgumentException when it is not {@code user:password} (the message does not repeat it)
         */
        public Builder schemaRegistryUserInfo(final String userInfo) {
            RegistryCredentials.basic(userInfo);
            this.registryUserInfo = userInfo;
            this.registryBearerToken = null;
            return this;
        }

        /**
         * A token the worker presents to the schema registry as {@code Authorization: Bearer}
         * (setting {@value #REGISTRY_BEARER_TOKEN}, environment {@code RIBERRY_SCHEMA_REGISTRY_BEARER_AUTH_TOKEN}):
         * Riberry's registry needs one to register the worker's schemas when the platform requires
         * authentication. Replaces a {@link #schemaRegistryUserInfo(String)} given before. The value is never logged.
         *
         * @param token an API token
         * @return this builder
         * @throws IllegalArgumentException when it is blank
         */
        public Builder schemaRegistryBearerToken(final String token) {
            RegistryCredentials.bearer(token);
            this.registryBearerToken = token.trim();
            this.registryUserInfo = null;
            return this;
        }

        /** The registry client settings (Confluent's keys) of the credentials given: empty, Basic or Bearer. */
        Map<String, String> registryCredentials() {
            final Map<String, String> configs = new HashMap<>();
            if (registryUserInfo != null) {
                configs.put(RegistryCredentials.BASIC_SOURCE, "USER_INFO");
                configs.put(RegistryCredentials.BASIC_USER_INFO, registryUserInfo);
            }
            if (registryBearerToken != null) {
                configs.put(RegistryCredentials.BEARER_SOURCE, "STATIC_TOKEN");
                configs.put(RegistryCredentials.BEARER_TOKEN, registryBearerToken);
            }
            return configs;
        }

        /** The registry's URL as it may be logged and shown: without a {@code user:password@}. */
        String registryUrlToShow() {
            return schemaRegistryUrl == null ? null : RegistryCredentials.withoutUserInfo(schemaRegistryUrl);
        }

        /**
         * A Kafka client setting for every client of this worker, e.g. {@code security.protocol},
         * {@code sasl.mechanism}, {@code sasl.jaas.config} or {@code ssl.truststore.location}
         * ({@code kafka.*} in a properties file, {@code RIBERRY_KAFKA_*} in the environment).
         *
         * @param name  the client setting, without prefix
         * @param value its value
         * @return this builder
         */
        public Builder kafkaSetting(final String name, final Object value) {
            kafkaSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The settings of a worker properties file (see {@code config/worker.properties}): the
         * {@link #KEYS} and {@code kafka.*} Kafka client settings. Keys not given keep their value.
         *
         * @param properties the settings
         * @return this builder
         * @throws IllegalArgumentException naming an unknown key (a typo would otherwise be ignored) or a bad value
         */
        public Builder fromProperties(final Properties properties) {
            WorkerProperties.applyTo(this, WorkerProperties.toMap(properties), "worker properties");
            return this;
        }

        /**
         * {@link #fromProperties(Properties)} of a file.
         *
         * @param file a properties file
         * @return this builder
         * @throws IllegalArgumentException when the file cannot be read, or holds an unknown key or a bad value
         */
        public Builder fromProperties(final Path file) {
            WorkerProperties.applyTo(this, WorkerProperties.read(file), "worker properties " + file);
            return this;
        }

        /**
         * The settings in the process environment: {@code RIBERRY_} and the key in upper case with
         * underscores ({@code RIBERRY_BOOTSTRAP_SERVERS}, {@code RIBERRY_INSTANCE},
         * {@code RIBERRY_KAFKA_SASL_JAAS_CONFIG}...). Other {@code RIBERRY_*} variables (the CLI's) are ignored.
         *
         * @return this builder
         */
        public Builder fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        Builder fromEnvironment(final Map<String, String> environment) {
            WorkerProperties.applyTo(this, WorkerProperties.inEnvironment(environment), "environment");
            return this;
        }

        /** The cluster this worker will use: the bootstrap servers and the Kafka client settings given so far. */
        KafkaConnection kafkaConnection() {
            requireSet(bootstrapServers, "bootstrap.servers", "bootstrapServers(...)");
            return KafkaConnection.to(bootstrapServers, kafkaSettings);
        }

        /**
         * The settings given so far, with the keys of a worker properties file (Kafka client
         * settings as {@code kafka.*}): to check or log what a worker was configured with. Values
         * are as given, Kafka's secrets included; the schema registry's credentials
         * ({@value #REGISTRY_USER_INFO}, {@value #REGISTRY_BEARER_TOKEN}, a {@code user:password@} in
         * its URL) are left out; entry points and handlers are not settings.
         *
         * @return a new properties object
         */
        public Properties toProperties() {
            final Properties properties = new Properties();
            final Map<String, Object> values = new LinkedHashMap<>();
            values.put("application", application);
            values.put("instance", instance);
            values.put("bootstrap.servers", bootstrapServers);
            values.put("schema.registry.url", registryUrlToShow());
            values.put("topic.prefix", topicPrefix);
            values.put("concurrency", concurrency);
            values.put("dispatch.partitions", dispatchPartitions);
            values.put("heartbeat.interval.ms", heartbeatInterval.toMillis());
            values.put("session.timeout.ms", sessionTimeout.toMillis());
            values.put("start.timeout.ms", startTimeout.toMillis());
            values.put("shutdown.timeout.ms", shutdownTimeout.toMillis());
            values.put("catalog.check", catalogCheck.name().toLowerCase(Locale.ROOT));
            values.put("process.id", processId);
            kafkaSettings.forEach((name, value) -> values.put(KafkaConnection.PREFIX + name, value));
            values.forEach((key, value) -> {
                if (value != null) {
                    properties.setProperty(key, String.valueOf(value));
                }
            });
            return properties;
        }

        /**
         * @param topicPrefix the prefix of the platform's topics (default {@value RiberryTopics#DEFAULT_PREFIX})
         * @return this builder
         */
        public Builder topicPrefix(final String topicPrefix) {
            this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
            return this;
        }

        /**
         * @param concurrency entry points run at once at most (default 4), and chains run at once per
         *                    execution; more dispatches wait in Kafka for this or another process.
         *                    The instance's {@code concurrency} parameter overrides it live.
         * @return this builder
         */
        public Builder concurrency(final int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * @param dispatchPartitions partitions of the dispatch topic if this worker creates it (default 4):
         *                           at most this many processes share the instance's work
         * @return this builder
         */
        public Builder dispatchPartitions(final int dispatchPartitions) {
            if (dispatchPartitions < 1) {
                throw new IllegalArgumentException("dispatch partitions must be at least 1, not " + dispatchPartitions);
            }
            this.dispatchPartitions = dispatchPartitions;
            return this;
        }

        /**
         * @param heartbeatInterval how often this process tells the platform it is alive (default 1 s)
         * @return this builder
         */
        public Builder heartbeatInterval(final Duration heartbeatInterval) {
            this.heartbeatInterval = positive(heartbeatInterval, "heartbeat interval");
            return this;
        }

        /**
         * @param sessionTimeout how long a process that stopped without closing (a crash) keeps its
         *                       share of the instance's dispatches before the other processes take it
         *                       over (default 10 s, the platform's default offline timeout; the broker
         *                       bounds it by its group session limits)
         * @return this builder
         */
        public Builder sessionTimeout(final Duration sessionTimeout) {
            this.sessionTimeout = positive(sessionTimeout, "session timeout");
            return this;
        }

        /**
         * @param startTimeout how long {@link RiberryWorker#start()} waits for Kafka and the registry
         *                     before it fails (default 30 s; setting {@code start.timeout.ms})
         * @return this builder
         */
        public Builder startTimeout(final Duration startTimeout) {
            this.startTimeout = positive(startTimeout, "start timeout");
            return this;
        }

        /**
         * @param shutdownTimeout how long {@link RiberryWorker#close()} and the shutdown hook of
         *                        {@link RiberryWorker#run()} wait for running entry points (default 30 s)
         * @return this builder
         */
        public Builder shutdownTimeout(final Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "shutdown timeout");
            return this;
        }

        /**
         * @param catalogCheck what a mismatch with the published catalog does at start (default {@link CatalogCheck#REFUSE})
         * @return this builder
         */
        public Builder catalogCheck(final CatalogCheck catalogCheck) {
            this.catalogCheck = Objects.requireNonNull(catalogCheck, "catalogCheck");
            return this;
        }

        /**
         * @param meterRegistry where the worker's metrics go (default Micrometer's global registry)
         * @return this builder
         */
        public Builder meterRegistry(final MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /**
         * @param processId how this process is named to the platform (default {@code pid@host})
         * @return this builder
         */
        public Builder processId(final String processId) {
            this.processId = Objects.requireNonNull(processId, "processId");
            return this;
        }

        /**
         * Binds a form to the workflow it runs.
         *
         * @param form       the form's name, as the catalog names it (a form of this worker's instance)
         * @param entryPoint the workflow
         * @return this builder
         */
        public Builder entryPoint(final String form, final EntryPoint entryPoint) {
            entryPoints.put(Objects.requireNonNull(form, "form"), Objects.requireNonNull(entryPoint, "entryPoint"));
            return this;
        }

        /**
         * Calls {@code handler} with the current value of the instance's dynamic parameter
         * {@code name} at start, then on every change. {@code concurrency} also resizes the pools
         * by itself.
         *
         * @param name    the parameter
         * @param handler told each new value
         * @return this builder
         */
        public Builder onParameter(final String name, final ParameterHandler handler) {
            parameterHandlers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * @return the worker, not started
         * @throws IllegalArgumentException naming every required setting missing
         */
        public RiberryWorker build() {
            final List<String> missing = new ArrayList<>();
            addIfUnset(missing, application, "application (application(...), or RIBERRY_APPLICATION)");
            addIfUnset(missing, instance, "instance (instance(...), or RIBERRY_INSTANCE)");
            addIfUnset(missing, bootstrapServers, "bootstrap.servers (bootstrapServers(...), or RIBERRY_BOOTSTRAP_SERVERS)");
            addIfUnset(missing, schemaRegistryUrl, "schema.registry.url (schemaRegistryUrl(...), or RIBERRY_SCHEMA_REGISTRY_URL)");
            if (entryPoints.isEmpty()) {
                missing.add("at least one entry point (entryPoint(form, ...))");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("a worker needs " + String.join(", ", missing));
            }

            // Refuses kafka.bootstrap.servers and the like now, not at start.
            kafkaConnection();
            return new RiberryWorker(copy());
        }

        /** A frozen copy: what the builder is told after build() changes no worker built before. */
        private Builder copy() {
            final Builder copy = new Builder();
            copy.application = application;
            copy.instance = instance;
            copy.bootstrapServers = bootstrapServers;
            copy.schemaRegistryUrl = schemaRegistryUrl;
            copy.registryUserInfo = registryUserInfo;
            copy.registryBearerToken = registryBearerToken;
            copy.topicPrefix = topicPrefix;
            copy.concurrency = concurrency;
            copy.dispatchPartitions = dispatchPartitions;
            copy.processId = processId;
            copy.heartbeatInterval = heartbeatInterval;
            copy.sessionTimeout = sessionTimeout;
            copy.startTimeout = startTimeout;
            copy.shutdownTimeout = shutdownTimeout;
            copy.catalogCheck = catalogCheck;
            copy.meterRegistry = meterRegistry;
            copy.kafkaSettings.putAll(kafkaSettings);
            copy.entryPoints.putAll(entryPoints);
            parameterHandlers.forEach((name, handlers) -> copy.parameterHandlers.put(name, List.copyOf(handlers)));
            return copy;
        }

        private static void addIfUnset(final List<String> missing, final String value, final String setting) {
            if (value == null || value.isBlank()) {
                missing.add(setting);
            }
        }

        private static void requireSet(final String value, final String setting, final String method) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a worker needs " + setting + " (" + method + ")");
            }
        }

        private static Duration positive(final Duration duration, final String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + duration);
            }
            return duration;
        }
    }
}
