package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.cli.Riberry;
import io.riberry.cli.scale.PlatformReplica;
import io.riberry.platform.catalog.CatalogFile;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.schema.CatalogEntry;
import io.riberry.sdk.RiberryWorker;
import io.riberry.topics.RiberryTopics;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench scale}: several {@code riberry platform} replicas (JVMs of their own) on a
 * running system's broker, with topics and an application id of their own. Measures jobs/s and
 * submit->ACTIVE through one replica and spread over all; how long after a SIGKILL of one the
 * survivors answer every execution again; and a crash restart and a clean restart to ready.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Measure replicas: throughput through one and all, answers after a kill -9, crash and clean restarts.")
public final class BenchScaleCommand extends RiberryCommand {

    private static final String INSTANCE = "bench-scale";
    private static final String CATALOG = """
            applications:
              - name: bench
                instances:
                  - name: bench-scale
                forms:
                  - name: hello
                    instance: bench-scale
                    inputs:
                      - {name: name, type: text, required: true}
            """;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @Option(names = "--replicas", description = "Replicas to run (default 3).")
    int replicaCount = 3;

    @Option(names = "--jobs", description = "Jobs of each unthrottled run (default 3000).")
    int jobs = 3000;

    @Option(names = "--latency-jobs", description = "Jobs of each run at 100 jobs/s (default 1000).")
    int latencyJobs = 1000;

    @Option(names = "--log", description = "Where the replicas' output goes (default a temporary file).")
    Path logFile;

    private final Map<String, String> figures = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        requireReachableKafka();
        final GlobalOptions options = global();
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final RiberryTopics topics = new RiberryTopics("bench-scale-" + id + ".");
        final Map<String, CatalogEntry> catalog = CatalogFile.read(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), "bench");
        TopicAdmin.ensureTopics(options.kafka(), topics, CatalogFile.instances(catalog), 4, (short) 1);
        CatalogPublisher.publish(options.kafka(), options.registryClient(), topics.catalog(), catalog);
        final Path stateDir = Files.createTempDirectory("riberry-bench-scale");
        final Path log = logFile != null ? logFile : Files.createTempFile("riberry-bench-scale", ".log");
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("RIBERRY_BOOTSTRAP_SERVERS", options.bootstrapServer());
        settings.put("RIBERRY_APPLICATION_ID", "riberry-bench-scale-" + id);
        settings.put("RIBERRY_TOPIC_PREFIX", topics.prefix());
        settings.put("RIBERRY_REGISTRY_EMBEDDED", "false");
        settings.put("RIBERRY_SCHEMA_REGISTRY_URL", options.registry());
        printer().line("Replicas log to " + log + "; topics " + topics.prefix() + "*");
        final List<PlatformReplica> replicas = new ArrayList<>();
        try (PrintStream replicaLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
             RiberryWorker worker = worker(options, topics)) {
            for (int i = 1; i <= replicaCount; i++) {
                replicas.add(PlatformReplica.of("replica-" + i, settings, stateDir, replicaLog));
            }
            final PlatformReplica first = replicas.get(0).start();
            figures.put("first replica, fresh, start to ready", seconds(first.awaitReady(READY_TIMEOUT)));
            figures.put("  first start, as the replica tells it", first.startupReport(Duration.ofSeconds(5)));
            bench(topics, List.of(first), "one replica");
            replicas.subList(1, replicas.size()).forEach(PlatformReplica::start);
            replicas.forEach(replica -> replica.awaitReady(READY_TIMEOUT));
            awaitSettled(replicas);
            final List<String> executionIds = bench(topics, replicas, replicaCount + " replicas");

            final long sweep = System.nanoTime();
            awaitAnswered(executionIds, replicas.subList(0, 1));
            figures.put("one replica answering all " + executionIds.size() + " executions (a sweep, all replicas up)",
                    seconds(Duration.ofNanos(System.nanoTime() - sweep)));
            final PlatformReplica victim = replicas.get(1);
            victim.kill();
            final long killed = System.nanoTime();
            final List<PlatformReplica> survivors = replicas.stream().filter(r -> r != victim).toList();
            awaitAnswered(executionIds, survivors.subList(0, 1));
            figures.put("kill -9 of one replica until a survivor answers all " + executionIds.size() + " executions",
                    seconds(Duration.ofNanos(System.nanoTime() - killed)));
            figures.put("crash restart (same static member, state dir) to ready", seconds(victim.start().awaitReady(READY_TIMEOUT)));
            figures.put("  crash restart, as the replica tells it", victim.startupReport(Duration.ofSeconds(5)));
            awaitSettled(replicas);
            victim.stop();
            figures.put("clean restart (SIGTERM, then start) to ready", seconds(victim.start().awaitReady(READY_TIMEOUT)));
            figures.put("  clean restart, as the replica tells it", victim.startupReport(Duration.ofSeconds(5)));
        } finally {
            replicas.forEach(PlatformReplica::close);
        }
        figures.forEach((name, value) -> printer().line(String.format("%-70s %s", name, value)));
        return ExitCodes.OK;
    }

    /** The bench's own worker of {@value #INSTANCE}: hello returns at once. */
    private static RiberryWorker worker(final GlobalOptions options, final RiberryTopics topics) {
        final RiberryWorker.Builder builder = RiberryWorker.builder().application("bench").instance(INSTANCE)
                .bootstrapServers(options.bootstrapServer()).schemaRegistryUrl(options.registry()).topicPrefix(topics.prefix())
                .concurrency(8).entryPoint("hello", ctx -> { });
        options.kafka().settings().forEach(builder::kafkaSetting);
        options.tokenFor(options.registry()).ifPresent(builder::schemaRegistryBearerToken);
        return builder.build().start();
    }

    /**
     * One unthrottled run and one at 100 jobs/s through {@code through} (the API answers are spread
     * over them), by {@code riberry bench}; answers the ids of the executions it ran.
     */
    private List<String> bench(final RiberryTopics topics, final List<PlatformReplica> through, final String label) {
        final List<String> args = new ArrayList<>(List.of("bench", "--topic-prefix", topics.prefix(), "--warmup", "200",
                "--bootstrap-server", global().bootstrapServer(), "--registry", global().registry()));
        global().configFile().ifPresent(file -> args.addAll(List.of("--config", file.toString())));
        // In this process, not a child's command line: the token is in no process list.
        global().tokenGiven().ifPresent(token -> args.addAll(List.of("--token", token)));
        through.forEach(replica -> args.addAll(List.of("--replica-api", replica.apiUrl())));
        printer().line("== " + label + ": " + jobs + " jobs unthrottled");
        run(concat(args, "--jobs", Integer.toString(jobs)));
        printer().line("== " + label + ": " + latencyJobs + " jobs at 100 jobs/s");
        run(concat(args, "--jobs", Integer.toString(latencyJobs), "--rate", "100"));
        final List<String> ids = new ArrayList<>();
        String cursor = null;
        final ApiClient api = global().apiClient(through.get(0).apiUrl());
        do {
            final var page = api.get("/executions?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.get("items").forEach(item -> ids.add(item.get("executionId").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    private void run(final List<String> args) {
        final CommandLine bench = Riberry.commandLine();
        bench.setOut(spec.commandLine().getOut());
        bench.setErr(spec.commandLine().getErr());
        final int exit = bench.execute(args.toArray(String[]::new));
        if (exit != ExitCodes.OK) {
            throw new CliException("the bench run failed (exit " + exit + ")");
        }
    }

    /** Every replica ready at once: the group has settled on who runs what. */
    private static void awaitSettled(final List<PlatformReplica> replicas) {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!replicas.stream().allMatch(r -> r.api().get("/health/ready").status() == 200)) {
            if (System.nanoTime() > deadline) {
                throw new CliException("the replicas did not settle within " + READY_TIMEOUT.toSeconds() + " s");
            }
            pause();
        }
    }

    /** Until each survivor answers every execution (200), 8 asking at once, each asking again until answered. */
    private void awaitAnswered(final List<String> executionIds, final List<PlatformReplica> survivors) throws Exception {
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        final ExecutorService askers = Executors.newFixedThreadPool(8);
        try {
            final List<Future<?>> answered = new ArrayList<>();
            for (PlatformReplica survivor : survivors) {
                final ApiClient api = global().apiClient(survivor.apiUrl());
                for (String executionId : executionIds) {
                    answered.add(askers.submit(() -> {
                        while (api.get("/executions/" + executionId).status() != 200) {
                            if (System.nanoTime() > deadline) {
                                throw new CliException(survivor.name() + " did not answer " + executionId + " in time");
                            }
                            pause();
                        }
                    }));
                }
            }
            for (Future<?> answer : answered) {
                answer.get();
            }
        } finally {
            askers.shutdownNow();
        }
    }

    private static List<String> concat(final List<String> args, final String... more) {
        final List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static String seconds(final Duration duration) {
        return String.format("%.2f s", duration.toNanos() / 1e9);
    }

    private static void pause() {
        try {
            new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
