package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.cli.bench.JmxProbe;
import io.riberry.cli.bench.ProcStatus;
import io.riberry.cli.bench.ThreadGroups;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.cli.dev.DevSystem;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.platform.store.CatalogView;
import io.riberry.registry.RegistryCredentials;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.sdk.RiberryWorker;
import io.riberry.schema.CatalogEntry;
import io.riberry.topics.RiberryTopics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench worker}: what one worker process costs. Spawns {@code riberry worker
 * demo-bench} as a JVM of its own (once per round) and reports how long it takes to start, its
 * threads and memory when idle and at their peak while it runs {@code --jobs} report jobs, and the
 * Kafka clients alive in it, read over JMX. Against the platform the global options name, or one
 * it starts in this process (broker, registry, platform; no worker) when none is named.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Measure one worker JVM: start time, threads, memory and Kafka clients, idle and busy.",
                "Against the system --bootstrap-server, --registry, --api or --config name; with none named, against a broker,"
                        + " registry and platform it starts in this process."})
public final class BenchWorkerCommand extends RiberryCommand {

    private static final double MIB = 1024 * 1024;
    private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--rounds", description = "Worker JVMs to measure, one after the other (default 3); the first is the cold one.")
    int rounds = 3;

    @Option(names = "--jobs", description = "bench-report jobs that keep each worker busy (default 50).")
    int jobs = 50;

    @Option(names = "--idle", description = "How long after its start the idle figures are read (default PT10S).")
    Duration idle = Duration.ofSeconds(10);

    @Option(names = "--concurrency", description = "The worker's entry points at once (default 4, as riberry worker).")
    int concurrency = 4;

    @Option(names = "--worker-heap", paramLabel = "SIZE", description = "The worker JVM's -Xmx (default 512m).")
    String workerHeap = "512m";

    @Option(names = "--timeout", description = "Give up on a round's jobs after this long (default PT5M).")
    Duration timeout = Duration.ofMinutes(5);

    @Option(names = "--topic-prefix", description = "Prefix of the named system's topics (default riberry.).")
    String topicPrefix = RiberryTopics.DEFAULT_PREFIX;

    @Option(names = "--log", description = "Where the worker JVMs' output goes (default a temporary file).")
    Path logFile;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || jobs < 1 || concurrency < 1) {
            throw new CliException("--rounds, --jobs and --concurrency must be at least 1", ExitCodes.USAGE);
        }
        if (ProcStatus.of(ProcessHandle.current().pid()).isEmpty()) {
            throw new CliException("riberry bench worker reads /proc/PID/status, which this system does not have (Linux only)");
        }
        DevSystem own = null;
        Path dataDir = null;
        Path workerSettings = null;
        try {
            final WorkerRound.Target target;
            if (namesASystem()) {
                requireReachableKafka();
                final GlobalOptions options = global();
                target = new WorkerRound.Target(options.kafka(), options.registry(), options.api(), new RiberryTopics(topicPrefix),
                        options.tokenFor(options.api()).orElse(null));
                printer().line("Platform: " + target.apiUrl() + " (Kafka " + options.bootstrapServer() + ", topics " + topicPrefix + "*)");
            } else {
                dataDir = Files.createTempDirectory("riberry-bench-worker");
                final long starting = System.nanoTime();
                own = DevSystem.startWithoutWorker(new DevSystem.Settings(0, 0, 0, dataDir, null));
                // The platform started here writes its admin token into its data directory, as riberry dev does.
                target = new WorkerRound.Target(KafkaConnection.to(own.bootstrapServers()), own.registryUrl(), own.apiUrl(),
                        RiberryTopics.withDefaultPrefix(), GlobalOptions.readTokenFile(dataDir.resolve(GlobalOptions.DEV_TOKEN_FILE)).orElse(null));
                printer().line(String.format("Platform: started in this process in %.1f s (broker, registry, platform; %s)",
                        (System.nanoTime() - starting) / 1e9, own.apiUrl()));
            }
            importCatalog(target);
            workerSettings = writeWorkerSettings(target);
            final Path log = logFile != null ? logFile : Files.createTempFile("riberry-bench-worker", ".log");
            printer().line("Worker JVMs: riberry worker " + DemoWorkflows.BENCH_INSTANCE + ", -Xmx" + workerHeap + ", concurrency "
                    + concurrency + "; their output goes to " + log);
            final List<WorkerRound.Figures> measured = new ArrayList<>();
            try (PrintStream workerLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                final WorkerRound.Plan plan = new WorkerRound.Plan(DemoWorkflows.BENCH_INSTANCE, DemoWorkflows.BENCH_REPORT_FORM, jobs,
                        idle, workerHeap, timeout);
                for (int round = 1; round <= rounds; round++) {
                    final WorkerRound.Figures figures = WorkerRound.run(target, workerSettings, plan, "worker-" + round, workerLog);
                    measured.add(figures);
                    printRound(round, figures);
                }
            }
            printSummary(measured);
            final int failed = measured.stream().mapToInt(figures -> figures.busy().failed()).sum();
            if (failed > 0) {
                throw new CliException(failed + " of the bench jobs ended FAILURE: the busy figures are not of the work they should be");
            }
            return ExitCodes.OK;
        } finally {
            if (workerSettings != null) {
                Files.deleteIfExists(workerSettings);
            }
            if (own != null) {
                own.close();
            }
            if (dataDir != null) {
                deleteTree(dataDir);
            }
        }
    }

    /** A system named by flag, environment or --config file is measured as it is; with none named the bench brings its own. */
    private boolean namesASystem() {
        final GlobalOptions options = global();
        return options.bootstrapServerGiven().isPresent() || options.registryGiven().isPresent() || options.apiGiven().isPresent()
                || options.configFile().isPresent();
    }

    /**
     * Publishes the demo application, the demo-bench instance and its bench-report form, as the bundled
     * catalog has them, and waits until the platform knows the form. Its dispatch topic is made here
     * too, so that no round's start pays for creating it.
     */
    private void importCatalog(final WorkerRound.Target target) {
        final Map<String, CatalogEntry> bundled = DevSystem.bundledCatalog();
        final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (String id : List.of(CatalogView.applicationId(DemoWorkflows.APPLICATION), CatalogView.instanceId(DemoWorkflows.BENCH_INSTANCE),
                CatalogView.formId(DemoWorkflows.BENCH_REPORT_FORM))) {
            entries.put(id, bundled.get(id));
        }
        TopicAdmin.create(target.kafka(), List.of(new NewTopic(target.topics().dispatch(DemoWorkflows.BENCH_INSTANCE), 4, (short) -1)));
        CatalogPublisher.publish(target.kafka(), SchemaRegistryClients.forUrl(target.registryUrl(), registryCredentials(target)),
                target.topics().catalog(), entries);
        final ApiClient api = new ApiClient(target.apiUrl(), target.token());
        final long deadline = System.nanoTime() + CATALOG_TIMEOUT.toNanos();
        while (api.get("/forms/" + DemoWorkflows.BENCH_REPORT_FORM).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new CliException("the platform at " + target.apiUrl() + " did not show form " + DemoWorkflows.BENCH_REPORT_FORM
                        + " within " + CATALOG_TIMEOUT.toSeconds() + " s of publishing it on " + target.topics().catalog());
            }
            pause();
        }
    }

    /** The worker's settings as a worker properties file (config/worker.properties), kafka.* security settings included. */
    private Path writeWorkerSettings(final WorkerRound.Target target) throws IOException {
        final Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", target.kafka().bootstrapServers());
        properties.setProperty("schema.registry.url", target.registryUrl());
        properties.setProperty("topic.prefix", target.topics().prefix());
        properties.setProperty("concurrency", Integer.toString(concurrency));
        target.kafka().settings().forEach((key, value) -> properties.setProperty(KafkaConnection.PREFIX + key, String.valueOf(value)));
        if (target.token() != null) {
            properties.setProperty(RiberryWorker.Builder.REGISTRY_BEARER_TOKEN, target.token());
        }
        // A temporary file is readable by its owner only: it may hold credentials.
        final Path file = Files.createTempFile("riberry-bench-worker", ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "riberry bench worker: settings of the measured worker JVMs");
        }
        return file;
    }

    private static Map<String, String> registryCredentials(final WorkerRound.Target target) {
        return target.token() == null ? Map.of()
                : Map.of(RegistryCredentials.BEARER_SOURCE, "STATIC_TOKEN", RegistryCredentials.BEARER_TOKEN, target.token());
    }

    private void printRound(final int round, final WorkerRound.Figures figures) {
        final WorkerRound.Start start = figures.start();
        final WorkerRound.Idle idleFigures = figures.idle();
        final WorkerRound.Busy busy = figures.busy();
        printer().line(String.format("== round %d of %d%s: worker JVM pid %d; load average now %s", round, rounds,
                round == 1 ? " (the first worker JVM since the bench started)" : "", start.pid(), loadAverage()));
        printer().line(String.format("%-24s %d ms from spawn to \"running\"; %s inside start(); CPU %.2f s so far",
                "start", start.sinceSpawn().toMillis(), start.startMillis().isPresent() ? start.startMillis().getAsLong() + " ms" : "(not printed)",
                seconds(start.cpu())));
        printer().line(String.format("%-24s threads %d (/proc: every OS thread; %d of them Java), RSS %.0f MiB, heap used %.0f MiB,"
                        + " CPU %.2f s over the %.0f s (%.2f s over the last %.1f s)", "idle, " + idle.toSeconds() + " s after start",
                idleFigures.proc().threads(), idleFigures.threads().total(), idleFigures.proc().rssBytes() / MIB,
                idleFigures.heapUsedBytes() / MIB, seconds(idleFigures.cpu()), seconds(idle), seconds(idleFigures.cpuLastHalf()),
                seconds(idle) / 2));
        printBusiest("last half of idle", idleFigures.busiestLastHalf());
        printClients("Kafka clients at idle", idleFigures.clients());
        printThreads("Java threads at idle", idleFigures.threads());
        printer().line(String.format("%-24s %d %s jobs: %d SUCCESS, %d FAILURE in %.1f s; peak threads %d, peak RSS %.0f MiB"
                        + " (/proc every 100 ms), VmHWM %.0f MiB; CPU %.2f s", "busy", jobs, DemoWorkflows.BENCH_REPORT_FORM,
                busy.succeeded(), busy.failed(), seconds(busy.run()), busy.peakThreads(), busy.peakRssBytes() / MIB,
                busy.after().peakRssBytes() / MIB, seconds(busy.cpu())));
        printBusiest("the busy run", busy.busiest());
        if (busy.clients().equals(idleFigures.clients())) {
            printer().line(String.format("%-24s %s, the same as at idle", "Kafka clients after busy", busy.clients().counts()));
        } else {
            printClients("Kafka clients after busy", busy.clients());
        }
        printThreads("Java threads after busy", busy.threads());
    }

    private void printBusiest(final String stretch, final WorkerRound.Busiest busiest) {
        printer().line("  most CPU over " + stretch + ", Java threads: " + busiest.javaThreads());
        printer().line("  most CPU over " + stretch + ", OS threads (/proc, names cut at 15): " + busiest.osThreads());
    }

    private void printClients(final String label, final JmxProbe.KafkaClients clients) {
        printer().line(String.format("%-24s %s", label, clients.counts()));
        printer().line(String.format("  %-22s %s", "producers", listed(clients.producers())));
        printer().line(String.format("  %-22s %s", "consumers", listed(clients.consumers())));
        printer().line(String.format("  %-22s %s", "admin clients", listed(clients.admins())));
    }

    private static String listed(final List<String> clientIds) {
        return clientIds.isEmpty() ? "(none)" : String.join(", ", clientIds);
    }

    private void printThreads(final String label, final ThreadGroups threads) {
        printer().line(String.format("%-24s %s", label, threads.counts()));
        for (String group : threads.groups()) {
            if (threads.count(group) > 0) {
                printer().line(String.format("  %-22s %s", group, threads.names(group)));
            }
        }
    }

    private void printSummary(final List<WorkerRound.Figures> measured) {
        final List<String> headers = new ArrayList<>(List.of("FIGURE"));
        for (int round = 1; round <= measured.size(); round++) {
            headers.add("ROUND " + round);
        }
        final List<List<String>> rows = new ArrayList<>();
        row(rows, measured, "spawn to running (ms)", f -> Long.toString(f.start().sinceSpawn().toMillis()));
        row(rows, measured, "inside start() (ms)", f -> f.start().startMillis().isPresent() ? Long.toString(f.start().startMillis().getAsLong()) : "-");
        row(rows, measured, "idle threads (/proc)", f -> Integer.toString(f.idle().proc().threads()));
        row(rows, measured, "idle Java threads", f -> Integer.toString(f.idle().threads().total()));
        row(rows, measured, "idle RSS (MiB)", f -> String.format("%.0f", f.idle().proc().rssBytes() / MIB));
        row(rows, measured, "idle producers/consumers/admins", f -> f.idle().clients().shortCounts());
        row(rows, measured, "idle CPU over the idle wait (s)", f -> String.format("%.2f", seconds(f.idle().cpu())));
        row(rows, measured, "idle CPU, its last half (s)", f -> String.format("%.2f", seconds(f.idle().cpuLastHalf())));
        row(rows, measured, "busy run (s)", f -> String.format("%.1f", seconds(f.busy().run())));
        row(rows, measured, "busy peak threads (/proc)", f -> Integer.toString(f.busy().peakThreads()));
        row(rows, measured, "busy peak RSS (MiB)", f -> String.format("%.0f", f.busy().peakRssBytes() / MIB));
        row(rows, measured, "VmHWM after busy (MiB)", f -> String.format("%.0f", f.busy().after().peakRssBytes() / MIB));
        row(rows, measured, "busy CPU (s)", f -> String.format("%.2f", seconds(f.busy().cpu())));
        printer().line("== summary (Java threads include the JMX agent's, there because the bench reads the worker through it)");
        printer().table(headers, rows);
    }

    private static void row(final List<List<String>> rows, final List<WorkerRound.Figures> measured, final String figure,
                            final Function<WorkerRound.Figures, String> value) {
        final List<String> row = new ArrayList<>(List.of(figure));
        measured.forEach(figures -> row.add(value.apply(figures)));
        rows.add(row);
    }

    /** The 1, 5 and 15 minute load averages: figures taken on a machine others also keep busy say so. */
    private static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static double seconds(final Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void pause() {
        try {
            new CountDownLatch(1).await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is no reason to fail a finished measurement.
        }
    }
}
