package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.riberry.cli.Riberry;
import io.riberry.sdk.RiberryWorker;
import io.riberry.sdk.WorkerStartException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code riberry worker --config FILE} reads a worker properties file, kafka.* settings included; flags override it.
 * The worker presents the CLI's token to the registry.
 */
class WorkerCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheWorkerPropertiesFileWithItsKafkaSettings() throws Exception {
        final Path file = dir.resolve("worker.properties");
        Files.writeString(file, Files.readString(Path.of("..", "config", "worker.properties"))
                + "\nkafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=SCRAM-SHA-512\n");

        final RiberryWorker.Builder settings = settingsOf("worker", "demo-sleepy", "--config", file.toString());

        assertThat(settings.toProperties())
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("kafka.bootstrap.servers");
        assertThat(settings.build().instance()).isEqualTo("demo-sleepy");
    }

    @Test
    void shouldLetTheBootstrapFlagOverrideTheFile() throws Exception {
        final Path file = dir.resolve("worker.properties");
        Files.writeString(file, "bootstrap.servers=kafka.example:9092\nkafka.security.protocol=SSL\n");

        final RiberryWorker.Builder settings = settingsOf("worker", "--config", file.toString(), "--bootstrap-server", "broker-2:9093");

        assertThat(settings.toProperties())
                .containsEntry("bootstrap.servers", "broker-2:9093")
                .containsEntry("kafka.security.protocol", "SSL");
    }

    @Test
    void shouldPresentTheTokenFlagToTheRegistry() throws Exception {
        final List<String> authorizations = registryAuthorizations(registry -> settingsOf("worker", "--bootstrap-server", "127.0.0.1:1",
                "--registry", registry, "--token", "cli-token"));

        assertThat(authorizations).isNotEmpty().containsOnly("Bearer cli-token");
    }

    @Test
    void shouldKeepTheFilesRegistryCredentialsUnlessATokenIsGiven() throws Exception {
        final Path file = dir.resolve("worker.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.bearer.auth.token=file-token\n");

        assertThat(registryAuthorizations(registry -> settingsOf("worker", "--config", file.toString(), "--registry", registry)))
                .isNotEmpty().containsOnly("Bearer file-token");
        assertThat(registryAuthorizations(registry -> settingsOf("worker", "--config", file.toString(), "--registry", registry,
                "--token", "cli-token"))).isNotEmpty().containsOnly("Bearer cli-token");
    }

    /**
     * The Authorization headers a worker with these settings sends to a registry that records them. Kafka is
     * absent, so the start fails, but the registry check, which runs beside Kafka's, has registered by then.
     */
    private static List<String> registryAuthorizations(final Function<String, RiberryWorker.Builder> settings)
            throws IOException, InterruptedException {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final CountDownLatch registered = new CountDownLatch(1);
        final HttpServer recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recorder.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            registered.countDown();
            exchange.getRequestBody().readAllBytes();
            final byte[] answer = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        recorder.start();
        try (RiberryWorker worker = settings.apply("http://127.0.0.1:" + recorder.getAddress().getPort())
                .startTimeout(Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(worker::start).isInstanceOf(WorkerStartException.class).hasMessageContaining("127.0.0.1:1");
            // The registry check runs on a thread of its own, which a loaded machine may not have run before Kafka's timed out.
            assertThat(registered.await(10, TimeUnit.SECONDS)).as("the worker registered its schemas").isTrue();
        } finally {
            recorder.stop(0);
        }
        return List.copyOf(authorizations);
    }

    private static RiberryWorker.Builder settingsOf(final String... args) {
        final CommandLine commandLine = Riberry.commandLine();
        final CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        final WorkerCommand worker = (WorkerCommand) parsed.subcommand().commandSpec().userObject();
        return worker.settings();
    }
}
