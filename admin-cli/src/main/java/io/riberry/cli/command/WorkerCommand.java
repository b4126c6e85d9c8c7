package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.KafkaPreflight;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.kafka.KafkaConnection;
import io.riberry.sdk.RiberryWorker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry worker [INSTANCE]}: a process of a demo instance running the demo workflows,
 * until Ctrl-C. Stopping it is how the tour shows an instance going offline.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run the demo workflows as a worker process of a demo instance, until Ctrl-C.")
public final class WorkerCommand extends RiberryCommand {

    @Parameters(paramLabel = "INSTANCE", arity = "0..1", description = "The demo instance (default demo-sleepy).")
    String instance = DemoWorkflows.SLEEPY_INSTANCE;

    @Option(names = "--concurrency", description = "Entry points run at once (default 4); the instance's concurrency parameter overrides it.")
    int concurrency = 4;

    /**
     * With {@code --config FILE}, the file is a worker's properties (as {@code config/worker.properties}:
     * bootstrap.servers, schema.registry.url, kafka.* client settings); the flags and environment
     * override it. Without it, the CLI's own connection settings apply.
     */
    RiberryWorker.Builder settings() {
        final RiberryWorker.Builder builder = DemoWorkflows.builder(instance, concurrency);
        final Optional<Path> file = global().configFile();
        if (file.isEmpty()) {
            final KafkaConnection kafka = global().kafka();
            kafka.settings().forEach(builder::kafkaSetting);
            return builder.bootstrapServers(kafka.bootstrapServers()).schemaRegistryUrl(global().registry());
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file.get())) {
            properties.load(in);
        } catch (IOException e) {
            throw new CliException("cannot read --config " + file.get() + ": " + e.getMessage());
        }
        // The demo workflows belong to the demo application; which of its instances is the argument's choice.
        properties.remove("application");
        properties.remove("instance");
        builder.properties(properties);
        global().bootstrapServerGiven().ifPresent(builder::bootstrapServers);
        global().registryGiven().ifPresent(builder::schemaRegistryUrl);
        return builder;
    }

    @Override
    public Integer call() throws InterruptedException {
        final RiberryWorker.Builder settings = settings();
        KafkaPreflight.requireReachable(settings.kafkaConnection());
        final RiberryWorker built = settings.build();
        final long starting = System.nanoTime();
        final RiberryWorker worker = built.start();
        final long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Short: a stopped worker's unfinished executions are the platform's to fail once the instance is offline.
            worker.close(Duration.ofSeconds(2));
            stopped.countDown();
        }, "riberry-worker-shutdown"));
        // riberry bench worker reads this line: the process is started, and how long start() took.
        printer().line("Worker of " + instance + " running, start() took " + startMillis
                + " ms (Ctrl-C stops it; the platform marks the instance OFFLINE once its heartbeats stop)");
        stopped.await();
        return ExitCodes.OK;
    }
}
