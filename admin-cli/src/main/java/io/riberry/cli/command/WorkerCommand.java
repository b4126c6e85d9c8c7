package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.KafkaPreflight;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.kafka.KafkaConnection;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.WorkerStartException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry worker [INSTANCE]}: a process of a demo instance running the demo workflows,
 * until Ctrl-C. Stopping it is how the tour shows an instance going offline.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  riberry worker demo-sleepy", "  riberry worker demo-sleepy --concurrency 8"},
        description = "Run the demo workflows as a worker process of a demo instance, until Ctrl-C.")
public final class WorkerCommand extends RiberryCommand {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    @Parameters(paramLabel = "INSTANCE", arity = "0..1", description = "The demo instance (default demo-sleepy).")
    String instance = DemoWorkflows.SLEEPY_INSTANCE;

    @Option(names = "--concurrency", description = "Entry points run at once (default 4); the instance's concurrency parameter overrides it.")
    int concurrency = 4;

    /**
     * With {@code --config FILE}, the file is a worker's properties (as {@code config/worker.properties}:
     * bootstrap.servers, schema.registry.url, schema.registry.bearer.auth.token, kafka.* client settings); the
     * flags and environment override it. Without it, the CLI's own connection settings apply. Either way the
     * worker presents the CLI's token ({@code --token}, {@code RIBERRY_TOKEN}, else riberry dev's) to the registry.
     */
    RiberryWorker.Builder settings() {
        // A CLI answers soon: the worker's start fails after this long without Kafka or the registry (start.timeout.ms overrides it).
        final RiberryWorker.Builder builder = DemoWorkflows.builder(instance, concurrency).startTimeout(START_TIMEOUT);
        final Optional<Path> file = global().configFile();
        if (file.isEmpty()) {
            final KafkaConnection kafka = global().kafka();
            kafka.settings().forEach(builder::kafkaSetting);
            global().tokenFor(global().registry()).ifPresent(builder::schemaRegistryBearerToken);
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
        try {
            builder.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new CliException("--config " + file.get() + ": " + e.getMessage());
        }
        global().bootstrapServerGiven().ifPresent(builder::bootstrapServers);
        global().registryGiven().ifPresent(builder::schemaRegistryUrl);
        // --token or RIBERRY_TOKEN overrides the file's registry credentials; riberry dev's token only stands in for none.
        final boolean fileHasCredentials = properties.containsKey(RiberryWorker.Builder.REGISTRY_BEARER_TOKEN)
                || properties.containsKey(RiberryWorker.Builder.REGISTRY_USER_INFO);
        final String registry = builder.toProperties().getProperty("schema.registry.url");
        global().tokenGiven().or(() -> fileHasCredentials || registry == null ? Optional.empty() : global().tokenFor(registry))
                .ifPresent(builder::schemaRegistryBearerToken);
        return builder;
    }

    @Override
    public Integer call() throws InterruptedException {
        final RiberryWorker.Builder settings = settings()
                // Short: a stopped worker's unfinished executions end FAILURE, said by the worker itself.
                .shutdownTimeout(Duration.ofSeconds(2));
        // The CLI's own check first: it names every address tried and why each failed, in one line, within 5 s.
        final Properties resolved = settings.toProperties();
        KafkaPreflight.requireReachable(KafkaConnection.to(resolved.getProperty("bootstrap.servers"), KafkaConnection.settingsIn(resolved)));
        final RiberryWorker worker = settings.build();
        final long starting = System.nanoTime();
        try {
            worker.start();
        } catch (WorkerStartException e) {
            throw new CliException(e.getMessage());
        }
        final long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "riberry-worker-shutdown"));
        // riberry bench worker reads this line: the process is started, and how long start() took.
        printer().line("Worker of " + instance + " running, start() took " + startMillis
                + " ms (Ctrl-C stops it; the platform marks the instance OFFLINE once its heartbeats stop)");
        while (!worker.awaitTermination(Duration.ofDays(1))) {
            // Until the shutdown hook has closed it.
        }
        return ExitCodes.OK;
    }
}
