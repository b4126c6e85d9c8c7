package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.cli.dev.DevSystem;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Eventually;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.sdk.RiberryWorker;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The dashboard's figures, in a real browser (Debian's Chromium through Playwright) against a
 * complete dev system of its own:
 * <ol>
 *   <li>first paint of the executions page with {@code --executions} (default 100,000) executions
 *       stored: navigation to first contentful paint (the shell) and to the first row drawn (the
 *       data), the first load after the platform started, then warm loads;</li>
 *   <li>the time from an execution's SUCCESS being readable on {@code riberry.executions} (as the
 *       bench's own consumer sees it, so within a fetch's wait of when the dashboard's consumer
 *       does) to its row turning SUCCESS on the open page, and from the worker reporting it (the
 *       record's time), p50/p99/max over {@code --changes} executions run one after another.</li>
 * </ol>
 * Run: {@code mvn -B -q -pl admin-cli exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.riberry.cli.command.DashboardBench -Dexec.args="--executions 100000"}.
 */
public final class DashboardBench {

    /**
     * Installed before the page's own script: notes when the first execution row is in the DOM and,
     * for each row, when it first shows SUCCESS, each at the next animation frame (the paint that
     * shows it), in the browser's wall-clock milliseconds.
     */
    private static final String OBSERVER = """
            window.__bench = { firstRowAt: null, success: {} };
            new MutationObserver(() => requestAnimationFrame(() => {
              const rows = document.querySelectorAll('[data-execution-id]');
              if (rows.length && window.__bench.firstRowAt === null) window.__bench.firstRowAt = performance.now();
              const now = performance.timeOrigin + performance.now();
              for (const row of rows) {
                if (row.dataset.status === 'SUCCESS' && !(row.dataset.executionId in window.__bench.success)) {
                  window.__bench.success[row.dataset.executionId] = now;
                }
              }
            })).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
            """;

    private static final int SUBMITTERS = 16;

    private final int executions;
    private final int changes;
    private final int warmLoads;
    private final int settleSeconds;

    private DashboardBench(final int executions, final int changes, final int warmLoads, final int settleSeconds) {
        this.executions = executions;
        this.changes = changes;
        this.warmLoads = warmLoads;
        this.settleSeconds = settleSeconds;
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new java.util.HashMap<>(Map.of("--executions", "100000", "--changes", "200", "--warm-loads", "5",
                "--settle-seconds", "20"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        new DashboardBench(Integer.parseInt(options.get("--executions")), Integer.parseInt(options.get("--changes")),
                Integer.parseInt(options.get("--warm-loads")), Integer.parseInt(options.get("--settle-seconds"))).run();
        System.exit(0);
    }

    private void run() throws Exception {
        final Path dataDir = Files.createTempDirectory("riberry-dashboard-bench");
        final long started = System.nanoTime();
        try (DevSystem system = DevSystem.startWithoutWorker(new DevSystem.Settings(0, 0, 0, dataDir, dataDir.resolve("no-catalog.yaml")));
             RiberryWorker worker = quickWorker(system)) {
            System.out.printf(Locale.ROOT, "dev system ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            final ApiClient api = new ApiClient(system.apiUrl(), system.adminToken());
            final String root = system.apiUrl().replace("/api/v1", "");
            final TopicWatch successes = TopicWatch.start(system);
            // The system's Chromium only: Playwright must not try to download browsers of its own.
            try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = launch(playwright)) {
                firstPaint(browser, root, system.adminToken(), "first load, empty system");
                seed(api, successes);
                settle();
                firstPaint(browser, root, system.adminToken(), "first load with " + executions + " executions");
                for (int round = 1; round <= warmLoads; round++) {
                    firstPaint(browser, root, system.adminToken(), "warm load " + round);
                }
                rowChanges(browser, root, system.adminToken(), api, successes);
            } finally {
                successes.close();
            }
        }
    }

    /** The demo instance's worker with a hello that returns at once: seeding is bounded by the platform, not by the demo's artifact. */
    private static RiberryWorker quickWorker(final DevSystem system) {
        return RiberryWorker.builder().application(DemoWorkflows.APPLICATION).instance(DemoWorkflows.INSTANCE)
                .bootstrapServers(system.bootstrapServers()).schemaRegistryUrl(system.registryUrl())
                .schemaRegistryBearerToken(system.adminToken()).concurrency(16).entryPoint("hello", ctx -> { }).build().start();
    }

    static Browser launch(final Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    private static BrowserContext signedIn(final Browser browser, final String token) {
        final BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + token)).setViewportSize(1400, 900));
        context.addInitScript(OBSERVER);
        return context;
    }

    /** One load of the executions page in a fresh browser context (nothing cached): FCP, first row, the API page's own time. */
    private void firstPaint(final Browser browser, final String root, final String token, final String label) {
        try (BrowserContext context = signedIn(browser, token)) {
            final Page page = context.newPage();
            page.navigate(root + "/executions");
            final boolean hasRows = !label.contains("empty");
            if (hasRows) {
                page.waitForFunction("() => window.__bench.firstRowAt !== null");
            } else {
                page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            }
            final JsonNode timings = json(page.evaluate("""
                    () => JSON.stringify({
                      fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
                      firstRow: window.__bench.firstRowAt,
                      listingStart: (performance.getEntriesByType('resource').find(e => e.name.includes('/api/v1/executions')) || {}).startTime,
                      listing: (performance.getEntriesByType('resource').find(e => e.name.includes('/api/v1/executions')) || {}).duration
                    })"""));
            System.out.printf(Locale.ROOT, "%-40s first contentful paint %6.0f ms   first row drawn %s   GET /executions asked at %s, took %s%n",
                    label, timings.path("fcp").asDouble(),
                    hasRows ? String.format(Locale.ROOT, "%6.0f ms", timings.path("firstRow").asDouble()) : "     -",
                    millis(timings.path("listingStart")), millis(timings.path("listing")));
        }
    }

    /** Submits the executions through the API, {@value #SUBMITTERS} at a time, and waits until every one is SUCCESS on the topic. */
    private void seed(final ApiClient api, final TopicWatch successes) throws Exception {
        final long started = System.nanoTime();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < SUBMITTERS; thread++) {
                final int first = thread;
                done.add(submitters.submit(() -> {
                    for (int i = first; i < executions; i += SUBMITTERS) {
                        final ApiClient.Answer accepted = api.post("/jobs", Map.of("form", "hello", "name", "seed-" + i + "-" + UUID.randomUUID(),
                                "inputs", Map.of("name", "n" + i)));
                        if (accepted.status() != 202) {
                            throw new IllegalStateException("job refused: " + accepted.status() + " " + accepted.body());
                        }
                        ids.add(accepted.body().path("executionId").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            submitters.shutdown();
        }
        successes.awaitAll(ids, Duration.ofMinutes(20));
        System.out.printf(Locale.ROOT, "seeded %,d executions (SUCCESS on the topic) in %.1f s%n", executions, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Lets the platform finish what the seeding left it (the last commits, RocksDB's compactions of
     * 100,000 writes, the JIT) before the loads are timed: the figure is for a system at rest that
     * holds that many executions, not one still digesting them.
     */
    private void settle() throws InterruptedException {
        System.out.printf(Locale.ROOT, "settling for %d s%n", settleSeconds);
        Thread.sleep(settleSeconds * 1000L);
    }

    /** Runs {@code changes} executions one after another with the executions page open; each row's SUCCESS against the topic's. */
    private void rowChanges(final Browser browser, final String root, final String token, final ApiClient api, final TopicWatch successes) {
        try (BrowserContext context = signedIn(browser, token)) {
            final Page page = context.newPage();
            page.navigate(root + "/executions");
            page.waitForFunction("() => window.__bench.firstRowAt !== null");
            final List<Double> latencies = new ArrayList<>();
            final List<Double> endToEnd = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                final String executionId = api.post("/jobs", Map.of("form", "hello", "name", "live-" + i + "-" + UUID.randomUUID(),
                        "inputs", Map.of("name", "live"))).body().path("executionId").asText();
                page.waitForFunction("id => id in window.__bench.success", executionId,
                        new Page.WaitForFunctionOptions().setTimeout(30_000));
                final double onScreen = ((Number) page.evaluate("id => window.__bench.success[id]", executionId)).doubleValue();
                final double onTopic = successes.awaitOne(executionId, Duration.ofSeconds(30));
                latencies.add(onScreen - onTopic);
                endToEnd.add(onScreen - successes.reportedAt(executionId));
            }
            print("SUCCESS committed on riberry.executions (as a consumer sees it) -> row shows SUCCESS", latencies);
            print("the worker reports SUCCESS (the record's time) -> row shows SUCCESS", endToEnd);
        }
    }

    private static void print(final String what, final List<Double> latencies) {
        latencies.sort(Double::compare);
        System.out.printf(Locale.ROOT, "%s, %d executions: p50 %.1f ms  p99 %.1f ms  max %.1f ms  min %.1f ms%n", what, latencies.size(),
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1), latencies.get(0));
    }

    private static String millis(final JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%5.0f ms", value.asDouble()) : "-";
    }

    private static double percentile(final List<Double> sorted, final int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static JsonNode json(final Object text) {
        try {
            return io.riberry.platform.http.Json.MAPPER.readTree(String.valueOf(text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When each execution's SUCCESS became readable on {@code riberry.executions} (committed), in wall-clock milliseconds. */
    private static final class TopicWatch implements AutoCloseable {

        private final Map<String, Double> successAt = new ConcurrentHashMap<>();
        private final Map<String, Long> reportedAt = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread reader;

        private TopicWatch(final KafkaConsumer<String, ExecutionState> consumer) {
            this.reader = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, ExecutionState> record : consumer.poll(Duration.ofMillis(100))) {
                            final java.time.Instant seen = java.time.Instant.now();
                            final double now = seen.getEpochSecond() * 1000.0 + seen.getNano() / 1e6;
                            if (record.value() != null && record.value().getStatus() == ExecutionStatus.SUCCESS) {
                                successAt.putIfAbsent(record.key(), now);
                                // The platform keeps the time of the event that ended it: when the worker reported SUCCESS.
                                reportedAt.putIfAbsent(record.key(), record.timestamp());
                            }
                        }
                    }
                }
            }, "bench-topic-watch");
            reader.setDaemon(true);
            reader.start();
        }

        static TopicWatch start(final DevSystem system) {
            return new TopicWatch(BenchClients.snapshotsFromNow(KafkaConnection.to(system.bootstrapServers()), system.registryUrl(),
                    new RiberryTopics(RiberryTopics.DEFAULT_PREFIX).executions()));
        }

        void awaitAll(final Set<String> ids, final Duration timeout) {
            Eventually.await(timeout, "every seeded execution SUCCESS on the topic", () -> successAt.keySet().containsAll(ids));
        }

        long reportedAt(final String executionId) {
            return reportedAt.get(executionId);
        }

        /** When the execution's SUCCESS was seen (the wait's own pace does not enter the figure). */
        double awaitOne(final String executionId, final Duration timeout) {
            return Eventually.awaitValue(timeout, executionId + " SUCCESS on the topic", () -> successAt.get(executionId));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join(5_000);
        }
    }
}
