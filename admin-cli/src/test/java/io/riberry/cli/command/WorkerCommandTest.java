package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.cli.Riberry;
import io.riberry.sdk.RiberryWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code riberry worker --config FILE} reads a worker properties file, kafka.* settings included; flags override it. */
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

    private static RiberryWorker.Builder settingsOf(final String... args) {
        final CommandLine commandLine = Riberry.commandLine();
        final CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        final WorkerCommand worker = (WorkerCommand) parsed.subcommand().commandSpec().userObject();
        return worker.settings();
    }
}
