package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that talks to Kafka directly, pointed at an address where no broker listens, says so
 * in one line naming the address and how to set it, and exits 1. Each runs as a real
 * {@code riberry} JVM with the CLI's own logging configuration, so every line the Kafka clients
 * would log is on the stderr this test reads.
 */
class UnreachableKafkaTest {

    /** Only a safety net: without the preflight a command took ~60 s; speed is not what is asserted. */
    private static final long GIVE_UP_SECONDS = 30;

    private static String closedAddress;

    @TempDir
    Path dir;

    @BeforeAll
    static void findAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedAddress = "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void shouldSayInOneLineThatCatalogImportCannotReachKafka() throws Exception {
        final Run run = riberry(Map.of(), "catalog", "import", Path.of("..", "config", "catalog.yaml").toAbsolutePath().toString(),
                "--commit", "--bootstrap-server", closedAddress);

        assertOneLineNaming(run, closedAddress + " (connection refused)");
    }

    @Test
    void shouldSayInOneLineThatTopicsCreateCannotReachKafkaNamedByTheEnvironment() throws Exception {
        final Run run = riberry(Map.of("RIBERRY_BOOTSTRAP_SERVER", closedAddress), "topics", "create");

        assertOneLineNaming(run, closedAddress + " (connection refused)");
    }

    @Test
    void shouldSayInOneLineThatTheBenchCannotReachKafka() throws Exception {
        final Run run = riberry(Map.of(), "bench", "--jobs", "1", "--warmup", "0", "--bootstrap-server", closedAddress);

        assertOneLineNaming(run, closedAddress + " (connection refused)");
    }

    @Test
    void shouldSayInOneLineThatAWorkerCannotReachKafka() throws Exception {
        final Run run = riberry(Map.of(), "worker", "demo-local", "--bootstrap-server", closedAddress);

        assertOneLineNaming(run, closedAddress + " (connection refused)");
    }

    @Test
    void shouldNameEveryAddressTriedAndAHostThatDoesNotResolve() throws Exception {
        final Run run = riberry(Map.of(), "topics", "create", "--bootstrap-server", "no-such-broker.invalid:9092," + closedAddress);

        assertOneLineNaming(run, "no-such-broker.invalid:9092 (unknown host), " + closedAddress + " (connection refused)");
    }

    private static void assertOneLineNaming(final Run run, final String addresses) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("riberry: cannot reach Kafka at " + addresses
                + "; set the address with --bootstrap-server or RIBERRY_BOOTSTRAP_SERVER");
    }

    /** One {@code riberry} process, as the jar runs it: its own log4j2.xml, no RIBERRY_* variables but {@code environment}. */
    private Run riberry(final Map<String, String> environment, final String... args) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                // The test classpath also holds platform-streams' log4j2-test.xml, which would win.
                "-Dlog4j2.configurationFile=" + cliLoggingConfiguration(),
                "-cp", System.getProperty("java.class.path"), Riberry.class.getName()));
        command.addAll(List.of(args));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RIBERRY_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        final Process process = builder.start();
        if (!process.waitFor(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("riberry " + String.join(" ", args) + " was still trying after " + GIVE_UP_SECONDS + " s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String cliLoggingConfiguration() throws URISyntaxException {
        final URL main = Riberry.class.getResource("/log4j2.xml");
        assertThat(main).as("admin-cli's log4j2.xml on the classpath").isNotNull();
        return Path.of(main.toURI()).toString();
    }

    private record Run(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
