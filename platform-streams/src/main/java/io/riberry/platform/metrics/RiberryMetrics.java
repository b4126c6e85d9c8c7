package io.riberry.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.schema.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform process's metrics: one registry holding Riberry's own series ({@code riberry_*}, see
 * docs/metrics.md), the Kafka Streams binder ({@code kafka_*}) and the JVM binders ({@code jvm_*},
 * {@code process_*}, {@code system_*}). The processors report through {@link ProcessingMetrics};
 * the HTTP server through {@link #httpRequest}; gauges of what the local tasks hold are read from
 * their stores when scraped.
 */
public final class RiberryMetrics implements ProcessingMetrics, AutoCloseable {

    /** The route label of a request that matched no route: raw paths never become labels. */
    public static final String UNMATCHED_ROUTE = "unmatched";

    private static final Logger LOG = LoggerFactory.getLogger(RiberryMetrics.class);
    /** Methods kept as a label value; any other (a client may send any token) is counted as OTHER. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] HTTP_BUCKETS = durations(TimeUnit.MILLISECONDS, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);
    /** From milliseconds (an idle instance) to an hour (work queued behind a limit). */
    private static final Duration[] TIME_TO_ACTIVE_BUCKETS = durations(TimeUnit.MILLISECONDS,
            10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000);
    /** From a form that returns at once to one that runs for hours. */
    private static final Duration[] RUN_BUCKETS = durations(TimeUnit.SECONDS,
            1, 5, 10, 30, 60, 300, 900, 1_800, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600);

    private final MeterRegistry registry;
    private final Supplier<String> exposition;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private volatile StoreGauges storeGauges;

    private RiberryMetrics(final MeterRegistry registry, final Supplier<String> exposition) {
        this.registry = registry;
        this.exposition = exposition;
        // Present at zero from the start, so an alert on their increase has a baseline.
        for (String reason : List.of("undecodable", "processing_error", "refused", "unwritable")) {
            deadLetterCounter(reason);
        }
    }

    /** A Prometheus registry with the JVM binders bound. */
    public static RiberryMetrics prometheus() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any binder: a filter only applies to meters registered after it.
        registry.config().meterFilter(new KafkaMetricsFilter());
        final RiberryMetrics metrics = new RiberryMetrics(registry, registry::scrape);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        final JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        metrics.binders.add(gc);
        FunctionCounter.builder("riberry.ignored.tombstones", IgnoredTombstones.class, tombstones -> IgnoredTombstones.total())
                .description("Records without a value skipped on input topics where a null means nothing, since this process started")
                .register(registry);
        return metrics;
    }

    /** Riberry's series on {@code registry} alone, without exposition or JVM binders: for tests. */
    public static RiberryMetrics on(final MeterRegistry registry) {
        return new RiberryMetrics(registry, () -> {
            throw new UnsupportedOperationException("only a Prometheus registry is scraped");
        });
    }

    /**
     * Binds the Streams application: its own metrics through Micrometer's binder, and the gauges
     * read from its local active stores (executions per form and status, instances).
     */
    public void bindStreams(final KafkaStreams streams) {
        final KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        binders.add(streamsMetrics);
        storeGauges = new StoreGauges(streams, registry);
    }

    /** The Prometheus text exposition, with the store gauges read afresh. */
    public String scrape() {
        final StoreGauges gauges = storeGauges;
        if (gauges != null) {
            gauges.refresh();
        }
        return exposition.get();
    }

    /**
     * One HTTP request answered. {@code route} is the matched route's pattern (e.g.
     * {@code /executions/{id}}), or null when none matched; never the raw path, whose values an
     * attacker chooses.
     */
    public void httpRequest(final String method, final String route, final int status, final long nanos) {
        final String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        Timer.builder("riberry.http.server.requests")
                .description("HTTP requests answered by the API, by route pattern and status")
                .tag("method", METHODS.contains(upper) ? upper : "OTHER")
                .tag("route", route == null ? UNMATCHED_ROUTE : route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(HTTP_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void executionStarted(final String form, final Duration sinceCreated) {
        Timer.builder("riberry.execution.time.to.active")
                .description("From an execution's creation (RECEIVED) to its start (ACTIVE)")
                .tag("form", form)
                .serviceLevelObjectives(TIME_TO_ACTIVE_BUCKETS)
                .register(registry)
                .record(sinceCreated);
    }

    @Override
    public void executionEnded(final String form, final ExecutionStatus status, final Duration ran) {
        Timer.builder("riberry.execution.run")
                .description("From an execution's start (ACTIVE) to its end (SUCCESS or FAILURE)")
                .tag("form", form)
                .tag("status", status.name())
                .serviceLevelObjectives(RUN_BUCKETS)
                .register(registry)
                .record(ran);
    }

    @Override
    public void anomaly(final String change, final String reason) {
        Counter.builder("riberry.anomalies")
                .description("Changes refused and kept as anomalies of their execution")
                .tag("change", change)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    @Override
    public void deadLetter(final String reason) {
        deadLetterCounter(reason).increment();
    }

    private Counter deadLetterCounter(final String reason) {
        return Counter.builder("riberry.dead.letters")
                .description("Records sent to the dead-letter topic")
                .tag("reason", reason)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.warn("Could not close the metrics binder {}", binder.getClass().getSimpleName(), e);
            }
        }
        registry.close();
    }

    private static Duration[] durations(final TimeUnit unit, final long... amounts) {
        final Duration[] durations = new Duration[amounts.length];
        for (int i = 0; i < amounts.length; i++) {
            durations[i] = Duration.ofNanos(unit.toNanos(amounts[i]));
        }
        return durations;
    }
}
