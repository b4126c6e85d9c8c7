package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliRun;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.dev.DevSystem;
import io.riberry.platform.http.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code riberry} commands against a complete dev system: real broker, registry, platform and demo worker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    private DevSystem system;

    @BeforeAll
    void startSystem(@TempDir final Path dataDir) {
        system = DevSystem.start(new DevSystem.Settings(0, 0, 0, dataDir, Path.of("..", "config", "catalog.yaml")));
    }

    @AfterAll
    void stopSystem() {
        system.close();
    }

    @Test
    void shouldExitZeroWhenAWaitedHelloSucceeds() {
        final CliRun run = riberry("submit", "--form", "hello", "--name", "first", "--input", "name=Ada", "--wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Status       SUCCESS").contains("Ready").contains("Active").contains("Completed");
    }

    @Test
    void shouldExitNonZeroWithOneLineWhenAWaitedFailFails() {
        final CliRun run = riberry("submit", "--form", "fail", "--name", "doomed", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        assertThat(run.out()).contains("Status       FAILURE");
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: execution ").contains("ended FAILURE: java.lang.IllegalStateException: The fail form always fails"));
    }

    @Test
    void shouldShowAndListExecutionsAsJsonAndTables() throws Exception {
        final CliRun submitted = riberry("submit", "--form", "hello", "--name", "shown", "--input", "name=Grace", "--wait", "--output", "json");
        final JsonNode execution = Json.MAPPER.readTree(submitted.out());
        final String executionId = execution.get("executionId").asText();

        final JsonNode shown = Json.MAPPER.readTree(riberry("executions", "show", executionId, "--output", "json").out());
        final CliRun listed = riberry("executions", "list", "--form", "hello", "--status", "SUCCESS");

        assertThat(shown.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(shown.get("jobName").asText()).isEqualTo("shown");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().findFirst().orElseThrow()).startsWith("EXECUTION").contains("STATUS");
        assertThat(listed.out()).contains(executionId);
    }

    @Test
    void shouldExplainARejectedSubmissionInOneLine() {
        final CliRun unknownForm = riberry("submit", "--form", "nope", "--name", "x");
        final CliRun missingInput = riberry("submit", "--form", "hello", "--name", "x");
        final CliRun unknownExecution = riberry("executions", "show", "no-such-execution");

        assertThat(unknownForm.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownForm.err().strip()).isEqualTo("riberry: unknown form \"nope\" (HTTP 400)");
        assertThat(missingInput.err().strip()).isEqualTo("riberry: missing required input \"name\" (HTTP 400)");
        assertThat(unknownExecution.err().strip()).isEqualTo("riberry: no execution no-such-execution (HTTP 404)");
    }

    private CliRun riberry(final String... args) {
        final String[] withApi = new String[args.length + 2];
        System.arraycopy(args, 0, withApi, 0, args.length);
        withApi[args.length] = "--api";
        withApi[args.length + 1] = system.apiUrl();
        return CliRun.of(withApi);
    }
}
