package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the CLI's token comes from, in which order, and where riberry dev's token may go. */
class GlobalOptionsTest {

    private static final String REMOTE_API = "https://riberry.example.com/api/v1";

    @TempDir
    Path workingDirectory;
    private Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(workingDirectory.resolve("riberry.properties"), "token=from-file\n");
    }

    @Test
    void shouldTakeTheFlagThenTheEnvironmentThenTheConfigFileThenRiberryDevsToken() throws IOException {
        writeDevToken("from-dev\n");
        final Map<String, String> environment = Map.of("RIBERRY_TOKEN", "from-env");

        assertThat(parse(environment, "--token", "from-flag", "--config", config.toString()).tokenFor(GlobalOptions.DEFAULT_API))
                .contains("from-flag");
        assertThat(parse(environment, "--config", config.toString()).tokenFor(GlobalOptions.DEFAULT_API)).contains("from-env");
        assertThat(parse(Map.of("RIBERRY_TOKEN", " "), "--config", config.toString()).tokenFor(GlobalOptions.DEFAULT_API))
                .contains("from-file");
        assertThat(parse(Map.of()).tokenFor(GlobalOptions.DEFAULT_API)).contains("from-dev");
        assertThat(parse(Map.of()).tokenGiven()).isEmpty();
    }

    @Test
    void shouldSendRiberryDevsTokenOnlyToTheEndpointsOfTheRunningDevSystem() throws IOException {
        writeDevToken("from-dev");

        assertThat(parse(Map.of()).tokenFor(GlobalOptions.DEFAULT_REGISTRY)).contains("from-dev");
        assertThat(parse(Map.of()).tokenFor("http://localhost:8080/api/v1/")).contains("from-dev");
        // Another port on this machine is not the dev system: whoever listens there gets nothing.
        assertThat(parse(Map.of()).tokenFor("http://localhost:9090/api/v1")).isEmpty();
        assertThat(parse(Map.of()).tokenFor("http://127.0.0.2:8080/api/v1")).isEmpty();
        assertThat(parse(Map.of()).tokenFor(REMOTE_API)).isEmpty();
        assertThat(parse(Map.of("RIBERRY_TOKEN", "from-env")).tokenFor(REMOTE_API)).contains("from-env");

        // Once dev stops it removes its endpoints: its token goes nowhere, even to its old ports.
        Files.delete(workingDirectory.resolve(GlobalOptions.DEV_DATA_DIR).resolve(GlobalOptions.DEV_ENDPOINTS_FILE));
        assertThat(parse(Map.of()).tokenFor(GlobalOptions.DEFAULT_API)).isEmpty();
    }

    @Test
    void shouldSendNoTokenWhenNoneIsGivenAndRiberryDevWroteNone() {
        final GlobalOptions options = parse(Map.of());

        assertThat(options.tokenFor(GlobalOptions.DEFAULT_API)).isEmpty();
        assertThat(options.apiClient().hasToken()).isFalse();
        assertThat(options.registryCredentials(GlobalOptions.DEFAULT_REGISTRY)).isEmpty();
    }

    @Test
    void shouldPresentTheTokenToTheApiAndAsABearerToTheRegistry() {
        final GlobalOptions options = parse(Map.of("RIBERRY_TOKEN", "from-env"));

        assertThat(options.apiClient().hasToken()).isTrue();
        assertThat(options.apiClient(REMOTE_API).hasToken()).isTrue();
        assertThat(options.registryCredentials(options.registry()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "from-env"));
    }

    @Test
    void shouldRefuseABlankTokenFlag() {
        assertThatThrownBy(() -> parse(Map.of(), "--token", " ").tokenGiven())
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessage("--token must not be blank");
    }

    @Test
    void shouldShowTheTokenOptionInEveryCommandsHelp() {
        final CliRun run = CliRun.of("submit", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--token=TOKEN").contains("RIBERRY_TOKEN").contains("admin.token");
    }

    private void writeDevToken(final String token) throws IOException {
        final Path dev = Files.createDirectories(workingDirectory.resolve(GlobalOptions.DEV_DATA_DIR));
        Files.writeString(dev.resolve(GlobalOptions.DEV_TOKEN_FILE), token);
        Files.writeString(dev.resolve(GlobalOptions.DEV_ENDPOINTS_FILE), "api=" + GlobalOptions.DEFAULT_API + "\nregistry="
                + GlobalOptions.DEFAULT_REGISTRY + "\n");
    }

    private GlobalOptions parse(final Map<String, String> environment, final String... args) {
        final GlobalOptions options = new GlobalOptions(environment, workingDirectory);
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
