package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.cli.dev.DevSystem;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riberry dev}: broker, registry, platform and demo worker in this process, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  riberry dev", "  riberry dev --http-port 8090 --catalog my-catalog.yaml"},
        description = "Start a complete Riberry (Kafka, schema registry, platform, demo worker) in this process.")
public final class DevCommand extends RiberryCommand {

    @Option(names = "--kafka-port", description = "Kafka port (default 9092).")
    int kafkaPort = 9092;

    @Option(names = "--http-port", description = "HTTP API port (default 8080).")
    int httpPort = 8080;

    @Option(names = "--registry-port", description = "Schema registry port (default 8081).")
    int registryPort = 8081;

    @Option(names = "--data-dir", description = "Where all data lives; start again on it to resume (default .riberry/dev).")
    Path dataDir = Path.of(".riberry", "dev");

    @Option(names = "--catalog", description = "Catalog to load (default config/catalog.yaml, else the bundled demo catalog).")
    Path catalog = Path.of("config", "catalog.yaml");

    @Option(names = "--no-auth", description = "Turn authentication off: anyone who reaches the ports may do everything. "
            + "Only for a machine no one else can reach.")
    boolean noAuth;

    @Override
    public Integer call() throws InterruptedException {
        final long started = System.nanoTime();
        final DevSystem system = DevSystem.start(new DevSystem.Settings(kafkaPort, httpPort, registryPort, dataDir.toAbsolutePath(), catalog,
                !noAuth));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }, "riberry-dev-shutdown"));
        printer().line(String.format("Riberry is ready in %.1f s", (System.nanoTime() - started) / 1e9));
        printer().line("  Kafka            " + system.bootstrapServers());
        printer().line("  HTTP API         " + system.apiUrl());
        printer().line("  Schema registry  " + system.registryUrl());
        printer().line("  Data             " + dataDir.toAbsolutePath());
        printer().line(noAuth ? "  Authentication   OFF (--no-auth)"
                : "  Admin token      " + system.adminTokenFile() + "  (owner-only; the CLI reads it by itself; "
                        + "curl -H \"Authorization: Bearer $(cat " + system.adminTokenFile() + ")\" ...)");
        printer().line("  Dashboard        " + system.apiUrl().replace("/api/v1", "/") + "  (sign in with a token)");
        printer().line("Try: riberry submit --form hello --name first --input name=Ada --wait   (Ctrl-C stops)");
        printer().line("     riberry worker demo-sleepy   (in another terminal: the instance that runs the sleepy form)");
        stopped.await();
        return ExitCodes.OK;
    }
}
