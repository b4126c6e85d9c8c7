package io.riberry.cli.dev;

import io.riberry.kafka.KafkaConnection;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.ChainResult;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.ExecutionContext;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.Task;
import io.riberry.sdk.TaskOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entry points of the demo application's forms in {@code config/catalog.yaml}. */
public final class DemoWorkflows {

    public static final String APPLICATION = "demo";
    public static final String INSTANCE = "demo-local";
    /** The instance of the sleepy form, run by {@code riberry worker demo-sleepy} in a process of its own. */
    public static final String SLEEPY_INSTANCE = "demo-sleepy";
    /** The instance {@code riberry bench worker} runs a worker process of, and keeps busy with its report form. */
    public static final String BENCH_INSTANCE = "demo-bench";
    /** The report workflow under a form of its own, on {@link #BENCH_INSTANCE}. */
    public static final String BENCH_REPORT_FORM = "bench-report";
    /** The instance's dynamic parameter hello greets with; the catalog schedules it by time of day. */
    public static final String GREETING = "greeting";
    private static final String DEFAULT_GREETING = "Hello";
    public static final int REPORT_CUSTOMERS = 100;
    /** How long the report demo takes by default, so there is something to watch; its {@code pace} input overrides it (0: at once). */
    public static final double REPORT_PACE_SECONDS = 15;
    /** Customers whose scoring fails in the report demo: the ones whose number leaves 5 when divided by 17. */
    public static final int FAILING_EVERY = 17;

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkflows.class);

    private DemoWorkflows() {
    }

    /** The worker {@code riberry dev} runs: the demo instance. */
    public static RiberryWorker worker(final String bootstrapServers, final String registryUrl, final String registryToken) {
        return worker(KafkaConnection.to(bootstrapServers), registryUrl, registryToken, INSTANCE, 8);
    }

    /**
     * A worker of one demo instance with every demo entry point; the platform dispatches it only its
     * instance's forms. {@code registryToken} (null = none) is what it registers its schemas with.
     */
    public static RiberryWorker worker(final KafkaConnection kafka, final String registryUrl, final String registryToken,
                                       final String instance, final int concurrency) {
        final RiberryWorker.Builder builder = builder(instance, concurrency).bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(registryUrl);
        if (registryToken != null) {
            builder.schemaRegistryBearerToken(registryToken);
        }
        kafka.settings().forEach(builder::kafkaSetting);
        return builder.build();
    }

    /**
     * A worker of one demo instance with the entry points of that instance's forms in
     * {@code config/catalog.yaml} (the worker's start refuses forms of other instances), still to
     * be told where the cluster and registry are. An instance the demo does not know gets every
     * entry point, and the start's catalog check says what is wrong.
     */
    public static RiberryWorker.Builder builder(final String instance, final int concurrency) {
        final AtomicReference<String> greeting = new AtomicReference<>(DEFAULT_GREETING);
        final Map<String, EntryPoint> all = new LinkedHashMap<>();
        all.put("hello", context -> hello(context, greeting.get()));
        all.put("fail", DemoWorkflows::fail);
        all.put("report", context -> report(context, REPORT_PACE_SECONDS));
        // The benchmark measures the platform, not the demo's pacing.
        all.put(BENCH_REPORT_FORM, context -> report(context, 0));
        all.put("sleepy", DemoWorkflows::sleepy);
        final RiberryWorker.Builder builder = RiberryWorker.builder()
                .application(APPLICATION)
                .instance(instance)
                .concurrency(concurrency)
                .onParameter(GREETING, value -> {
                    LOG.info("Instance {} now greets with \"{}\"", instance, value);
                    greeting.set(value == null ? DEFAULT_GREETING : value);
                });
        all.forEach((form, entryPoint) -> {
            if (FORMS_BY_INSTANCE.getOrDefault(instance, all.keySet()).contains(form)) {
                builder.entryPoint(form, entryPoint);
            }
        });
        return builder;
    }

    /** Which demo forms each demo instance runs, as config/catalog.yaml binds them. */
    private static final Map<String, Set<String>> FORMS_BY_INSTANCE = Map.of(
            INSTANCE, Set.of("hello", "fail", "report"),
            SLEEPY_INSTANCE, Set.of("sleepy"),
            BENCH_INSTANCE, Set.of(BENCH_REPORT_FORM));

    /** Greets with the instance's greeting parameter, so a schedule changes what it says. */
    static void hello(final ExecutionContext context, final String greeting) {
        final String said = greeting + ", " + context.optionalInput("name", String.class).orElse("stranger") + "!";
        LOG.debug("{} (execution {})", said, context.executionId());
        context.progress(said, 100);
    }

    static void fail(final ExecutionContext context) {
        throw new IllegalStateException("The fail form always fails (job " + context.jobName() + ")");
    }

    /** One step per second, so a cancel or the instance going offline stops it part-way. */
    static void sleepy(final ExecutionContext context) {
        final long seconds = context.optionalInput("seconds", Double.class).map(Double::longValue).orElse(30L);
        try (StreamScope sleep = context.stream("sleep", (int) seconds)) {
            for (long second = 1; second <= seconds; second++) {
                context.progress("Slept " + (second - 1) + " of " + seconds + " seconds", (int) (100 * (second - 1) / seconds));
                sleep.step("second " + second, () -> {
                    Thread.sleep(1000);
                    return null;
                });
            }
        }
        context.progress("Slept " + seconds + " seconds", 100);
    }

    /**
     * One chain per customer; a failed score falls back to 0 and leaves an Intercepted error artifact.
     * The chains are paced over the {@code pace} input's seconds ({@code defaultPaceSeconds} without
     * it; 0 runs them at once): customer n is scored no earlier than n/100 of the way through, however
     * many run at once, so a watcher sees the stream move.
     */
    static void report(final ExecutionContext context, final double defaultPaceSeconds) throws InterruptedException {
        final double paceSeconds = context.optionalInput("pace", Double.class).orElse(defaultPaceSeconds);
        if (paceSeconds < 0) {
            throw new IllegalArgumentException("pace must be 0 or more seconds, not " + paceSeconds);
        }
        context.progress("Scoring " + REPORT_CUSTOMERS + " customers", 0);
        final long startedAt = System.nanoTime();
        final Map<String, Task<Integer>> chains = new LinkedHashMap<>();
        for (int customer = 1; customer <= REPORT_CUSTOMERS; customer++) {
            final int id = customer;
            final long notBefore = startedAt + (long) (paceSeconds * 1e9 * id / REPORT_CUSTOMERS);
            chains.put("customer-" + id, () -> {
                final long wait = notBefore - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                return score(id);
            });
        }
        final List<ChainResult<Integer>> scores;
        try (StreamScope scoring = context.stream("customers", "Scoring").expect(REPORT_CUSTOMERS)) {
            scores = scoring.runChains(chains, TaskOptions.<Integer>defaults().withFallback(0));
        }
        context.progress("Writing the report", 90);
        final StringBuilder csv = new StringBuilder("customer,score\n");
        long total = 0;
        for (ChainResult<Integer> result : scores) {
            csv.append(result.name()).append(',').append(result.value()).append('\n');
            total += result.value();
        }
        context.artifact(Artifact.output("Customer scores", "scores.csv").withData(Map.of("title", "Score of every customer")),
                csv.toString().getBytes(StandardCharsets.UTF_8));
        final String summary = "# Customer scores\n\nCustomers: " + scores.size() + "\nTotal score: " + total + "\n";
        context.artifact(Artifact.report("Summary", "summary.md").withData(Map.of("Customers", Integer.toString(scores.size()))),
                summary.getBytes(StandardCharsets.UTF_8));
        context.progress("Done", 100);
    }

    /** A customer's score: deterministic, so a run can be checked byte for byte. */
    static int score(final int customer) {
        if (customer % FAILING_EVERY == 5) {
            throw new IllegalStateException("customer " + customer + " has no purchase history");
        }
        return customer * 7 % 100;
    }
}
