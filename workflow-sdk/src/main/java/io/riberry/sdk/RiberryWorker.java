package io.riberry.sdk;

import io.riberry.sdk.internal.ArtifactUploader;
import io.riberry.sdk.internal.CancelListener;
import io.riberry.sdk.internal.DispatchLoop;
import io.riberry.sdk.internal.HeartbeatSender;
import io.riberry.sdk.internal.EventPublisher;
import io.riberry.sdk.internal.ParameterListener;
import io.riberry.sdk.internal.WorkerTopics;
import io.riberry.kafka.KafkaConnection;
import io.riberry.topics.RiberryTopics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process of one application instance. It receives the executions the platform
 * dispatches to its instance (processes of one instance share them; each runs once), reports
 * ACTIVE, runs the form's entry point on a bounded pool and reports SUCCESS or FAILURE. It
 * sends heartbeats, follows cancels, and hands the instance's dynamic parameters to handlers
 * ({@code concurrency} resizes the pool live).
 *
 * <pre>{@code
 * RiberryWorker worker = RiberryWorker.builder()
 *         .application("demo").instance("demo-local")
 *         .bootstrapServers("127.0.0.1:9092").schemaRegistryUrl("http://127.0.0.1:8081")
 *         .entryPoint("hello", ctx -> System.out.println("Hello " + ctx.input("name").orElse("?")))
 *         .build();
 * worker.start();
 * }</pre>
 */
public final class RiberryWorker implements AutoCloseable {

    /** The dynamic parameter that sets how many entry points a process runs at once. */
    public static final String CONCURRENCY = "concurrency";
    private static final Logger LOG = LoggerFactory.getLogger(RiberryWorker.class);

    private final Builder settings;
    private EventPublisher events;
    private ArtifactUploader artifacts;
    private HeartbeatSender heartbeats;
    private CancelListener cancels;
    private DispatchLoop dispatchLoop;
    private ParameterListener parameters;

    private RiberryWorker(final Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the instance's dispatch topic if needed and starts receiving dispatches. */
    public synchronized RiberryWorker start() {
        if (dispatchLoop != null) {
            throw new IllegalStateException("worker already started");
        }
        final RiberryTopics topics = new RiberryTopics(settings.topicPrefix);
        final KafkaConnection kafka = settings.kafkaConnection();
        WorkerTopics.ensureDispatchTopic(kafka, topics.dispatch(settings.instance), settings.dispatchPartitions);
        events = new EventPublisher(kafka, settings.schemaRegistryUrl, topics.events(), settings.instance, settings.processId);
        artifacts = new ArtifactUploader(kafka, settings.schemaRegistryUrl, topics.artifactChunks(), events);
        dispatchLoop = new DispatchLoop(kafka, settings.schemaRegistryUrl, topics.dispatch(settings.instance),
                settings.instance, settings.concurrency, settings.sessionTimeout, Map.copyOf(settings.entryPoints), events, artifacts);
        dispatchLoop.start();
        parameters = new ParameterListener(kafka, settings.schemaRegistryUrl, topics.parameters(), settings.instance,
                this::parameterChanged);
        cancels = new CancelListener(kafka, settings.schemaRegistryUrl, topics.commands(), dispatchLoop::cancel);
        heartbeats = new HeartbeatSender(kafka, settings.schemaRegistryUrl, topics.heartbeats(), settings.application,
                settings.instance, settings.processId, List.copyOf(settings.entryPoints.keySet()), settings.heartbeatInterval);
        return this;
    }

    public String instance() {
        return settings.instance;
    }

    /** The active value of a dynamic parameter of this worker's instance, as last published by the platform. */
    public Optional<String> parameter(final String name) {
        final ParameterListener listener = parameters;
        return listener == null ? Optional.empty() : Optional.ofNullable(listener.current().get(name));
    }

    /** How many entry points this process runs at once now: its setting, or the instance's {@code concurrency} parameter. */
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
     * finish (up to {@code timeout}; those still running then end FAILURE), then flushes events.
     */
    public synchronized void close(final Duration timeout) {
        // In this order: no new work comes on this process's account; what runs may finish (still
        // heartbeating and hearing cancels); then the rest stops.
        if (heartbeats != null) {
            heartbeats.stopping();
        }
        if (dispatchLoop != null) {
            dispatchLoop.close(timeout);
            dispatchLoop = null;
        }
        if (heartbeats != null) {
            heartbeats.close();
            heartbeats = null;
        }
        if (cancels != null) {
            cancels.close();
            cancels = null;
        }
        if (parameters != null) {
            parameters.close();
            parameters = null;
        }
        if (artifacts != null) {
            artifacts.close();
            artifacts = null;
        }
        if (events != null) {
            events.close();
            events = null;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Settings of a worker; application, instance and at least one entry point are required. */
    public static final class Builder {
        private String application;
        private String instance;
        private String bootstrapServers = "127.0.0.1:9092";
        private String schemaRegistryUrl = "http://127.0.0.1:8081";
        private String topicPrefix = RiberryTopics.DEFAULT_PREFIX;
        private int concurrency = 4;
        private int dispatchPartitions = 4;
        private String processId = ManagementFactory.getRuntimeMXBean().getName();
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private final Map<String, Object> kafkaSettings = new HashMap<>();
        private final Map<String, EntryPoint> entryPoints = new HashMap<>();
        private final Map<String, List<ParameterHandler>> parameterHandlers = new HashMap<>();

        private Builder() {
        }

        public Builder application(final String application) {
            this.application = application;
            return this;
        }

        public Builder instance(final String instance) {
            this.instance = instance;
            return this;
        }

        public Builder bootstrapServers(final String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder schemaRegistryUrl(final String schemaRegistryUrl) {
            this.schemaRegistryUrl = schemaRegistryUrl;
            return this;
        }

        /**
         * A Kafka client setting for every client of this worker, e.g. {@code security.protocol},
         * {@code sasl.mechanism}, {@code sasl.jaas.config} or {@code ssl.truststore.location}.
         */
        public Builder kafkaSetting(final String name, final Object value) {
            kafkaSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The settings of a worker properties file (see {@code config/worker.properties}):
         * {@code application}, {@code instance}, {@code bootstrap.servers}, {@code schema.registry.url},
         * {@code topic.prefix}, {@code concurrency}, and {@code kafka.*} Kafka client settings. Keys not
         * given keep their current value.
         */
        public Builder properties(final Properties properties) {
            Optional.ofNullable(properties.getProperty("application")).ifPresent(this::application);
            Optional.ofNullable(properties.getProperty("instance")).ifPresent(this::instance);
            Optional.ofNullable(properties.getProperty("bootstrap.servers")).ifPresent(this::bootstrapServers);
            Optional.ofNullable(properties.getProperty("schema.registry.url")).ifPresent(this::schemaRegistryUrl);
            Optional.ofNullable(properties.getProperty("topic.prefix")).ifPresent(this::topicPrefix);
            final String concurrencyValue = properties.getProperty("concurrency");
            if (concurrencyValue != null) {
                try {
                    concurrency(Integer.parseInt(concurrencyValue.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("concurrency must be a whole number, not \"" + concurrencyValue + "\"", e);
                }
            }
            KafkaConnection.settingsIn(properties).forEach(this::kafkaSetting);
            return this;
        }

        /** The cluster this worker will use: the bootstrap servers and the Kafka client settings given so far. */
        public KafkaConnection kafkaConnection() {
            return KafkaConnection.to(bootstrapServers, kafkaSettings);
        }

        public Builder topicPrefix(final String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
        }

        /** Entry points run at once at most; more dispatches wait in Kafka for this or another process. */
        public Builder concurrency(final int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Partitions of the dispatch topic if this worker creates it: at most this many processes share the instance's work. */
        public Builder dispatchPartitions(final int dispatchPartitions) {
            this.dispatchPartitions = dispatchPartitions;
            return this;
        }

        /** How often this process tells the platform it is alive (default 1 s). */
        public Builder heartbeatInterval(final Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /**
         * How long a process that stopped without closing (a crash) keeps its share of the
         * instance's dispatches before the other processes take it over (default 10 s, the
         * platform's default offline timeout; the broker bounds it by its group session limits).
         */
        public Builder sessionTimeout(final Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public Builder processId(final String processId) {
            this.processId = processId;
            return this;
        }

        public Builder entryPoint(final String form, final EntryPoint entryPoint) {
            entryPoints.put(Objects.requireNonNull(form, "form"), Objects.requireNonNull(entryPoint, "entryPoint"));
            return this;
        }

        /**
         * Calls {@code handler} with the current value of the instance's dynamic parameter
         * {@code name} at start, then on every change. {@code concurrency} also resizes the pool
         * by itself.
         */
        public Builder onParameter(final String name, final ParameterHandler handler) {
            parameterHandlers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        public RiberryWorker build() {
            if (application == null || application.isBlank()) {
                throw new IllegalArgumentException("a worker needs its application name");
            }
            if (instance == null || instance.isBlank()) {
                throw new IllegalArgumentException("a worker needs its instance name");
            }
            if (entryPoints.isEmpty()) {
                throw new IllegalArgumentException("a worker needs at least one entry point");
            }
            return new RiberryWorker(this);
        }
    }
}
