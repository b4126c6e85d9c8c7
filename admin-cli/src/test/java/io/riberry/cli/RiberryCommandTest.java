package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parsing, option precedence and failures as a user sees them: one line on stderr and an exit code. */
class RiberryCommandTest {

    private static final String NOWHERE = "http://127.0.0.1:1/api/v1";

    @Test
    void shouldAnswerAMisspelledOptionWithOneLineAndExitCode2() {
        final CliRun run = CliRun.of("executions", "list", "--stauts", "SUCCESS");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: Unknown options: '--stauts', 'SUCCESS'").contains("riberry executions list --help"));
    }

    @Test
    void shouldAnswerAMissingRequiredOptionWithOneLine() {
        final CliRun run = CliRun.of("submit", "--name", "x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line).contains("--form"));
    }

    @Test
    void shouldSayInOneLineThatTheApiIsUnreachable() {
        final CliRun run = CliRun.of("--api", NOWHERE, "submit", "--form", "hello", "--name", "x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().lines()).singleElement().satisfies(line ->
                assertThat(line).isEqualTo("riberry: the Riberry API at " + NOWHERE + " is not reachable (is `riberry dev` running?)"));
    }

    @Test
    void shouldAcceptGlobalOptionsAfterTheSubcommand() {
        final CliRun run = CliRun.of("executions", "show", "some-id", "--output", "json", "--api", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("not reachable");
    }

    @Test
    void shouldTakeTheFlagThenTheEnvironmentThenTheConfigFileThenTheDefault(@TempDir final Path dir) throws IOException {
        final Path config = Files.writeString(dir.resolve("riberry.properties"), "api=http://from-file/api/v1\nregistry=http://file-registry\n");

        assertThat(parse(Map.of(), "--api", "http://flag/api/v1", "--config", config.toString()).api()).isEqualTo("http://flag/api/v1");
        assertThat(parse(Map.of("RIBERRY_API", "http://env/api/v1"), "--config", config.toString()).api()).isEqualTo("http://env/api/v1");
        assertThat(parse(Map.of(), "--config", config.toString()).api()).isEqualTo("http://from-file/api/v1");
        assertThat(parse(Map.of(), "--config", config.toString()).registry()).isEqualTo("http://file-registry");
        assertThat(parse(Map.of()).api()).isEqualTo(GlobalOptions.DEFAULT_API);
        assertThat(parse(Map.of()).bootstrapServer()).isEqualTo(GlobalOptions.DEFAULT_BOOTSTRAP_SERVER);
        assertThat(parse(Map.of("RIBERRY_BOOTSTRAP_SERVER", "kafka:9092")).bootstrapServer()).isEqualTo("kafka:9092");
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"dev", "--help"}, {"submit", "--help"}, {"executions", "list", "--help"},
                {"executions", "show", "--help"}, {"executions", "watch", "--help"}, {"executions", "cancel", "--help"}, {"artifacts", "list", "--help"},
                {"artifacts", "download", "--help"}, {"catalog", "import", "--help"}, {"instances", "list", "--help"}, {"topics", "create", "--help"}, {"bench", "--help"}, {"bench", "progress", "--help"},
                {"bench", "worker", "--help"}}) {
            final CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: riberry");
        }
    }

    @Test
    void shouldTellWhichSystemTheOptionsOrEnvironmentNameForTheBenchmarksThatOtherwiseStartTheirOwn() {
        assertThat(parse(Map.of()).apiGiven()).isEmpty();
        assertThat(parse(Map.of("RIBERRY_API", "http://platform:8080/api/v1")).apiGiven()).contains("http://platform:8080/api/v1");
        assertThat(parse(Map.of(), "--api", "http://other:8080/api/v1").apiGiven()).contains("http://other:8080/api/v1");
    }

    @Test
    void shouldRefuseABenchOfNoWorkerRoundsInOneLine() {
        final CliRun run = CliRun.of("bench", "worker", "--rounds", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().isEqualTo("riberry: --rounds, --jobs and --concurrency must be at least 1");
    }

    private static GlobalOptions parse(final Map<String, String> environment, final String... args) {
        final GlobalOptions options = new GlobalOptions(environment);
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
