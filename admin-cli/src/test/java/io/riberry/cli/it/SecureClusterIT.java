package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliRun;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.PlatformService;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.dev.EmbeddedKafkaBroker;
import io.riberry.platform.testing.Executions;
import io.riberry.sdk.RiberryWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Riberry on a cluster that admits only authenticated clients (SASL/PLAIN): the platform (with
 * its embedded registry), a worker and the CLI all reach it through their {@code kafka.*}
 * settings, a job runs to SUCCESS, and a client with wrong credentials is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureClusterIT {

    private static final String USER = "riberry";
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());

    private EmbeddedKafkaBroker broker;
    private PlatformService platform;
    private RiberryWorker worker;
    private Path tempDir;

    @BeforeAll
    void start(@TempDir final Path dir) {
        tempDir = dir;
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, Map.of(USER, PASSWORD));
        final Map<String, String> settings = new HashMap<>(securityKeys(PASSWORD));
        settings.put(PlatformConfig.BOOTSTRAP_SERVERS, broker.saslBootstrapServers());
        settings.put(PlatformConfig.HTTP_PORT, "0");
        settings.put(PlatformConfig.REGISTRY_PORT, "0");
        settings.put(PlatformConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(PlatformConfig.APPLICATION_ID, "riberry-secure-it");
        settings.put(PlatformConfig.AUTH_ADMIN_TOKEN_FILE, dir.resolve("admin.token").toString());
        platform = PlatformService.start(PlatformConfig.load(null, settings));
        platform.awaitReady(Duration.ofSeconds(90));
    }

    private String adminToken() {
        try {
            return Files.readString(tempDir.resolve("admin.token")).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRunAJobWithEveryClientAuthenticated() throws Exception {
        final Path config = tempDir.resolve("cli.properties");
        final Map<String, String> cliSettings = new HashMap<>(securityKeys(PASSWORD));
        cliSettings.put("token", adminToken());
        Files.writeString(config, properties(cliSettings));
        final CliRun imported = CliRun.of("catalog", "import", Path.of("..", "config", "catalog.yaml").toString(), "--commit",
                "--bootstrap-server", broker.saslBootstrapServers(), "--registry", platform.registryUrl(), "--api", platform.apiUrl(),
                "--config", config.toString());
        assertThat(imported.exitCode()).as(imported.err()).isEqualTo(ExitCodes.OK);

        final KafkaConnection secured = KafkaConnection.to(broker.saslBootstrapServers(), KafkaConnection.settingsIn(securityKeys(PASSWORD)));
        worker = DemoWorkflows.worker(secured, platform.registryUrl(), adminToken(), DemoWorkflows.INSTANCE, 2).start();

        final ApiClient api = new ApiClient(platform.apiUrl(), adminToken());
        final ApiClient.Answer submitted = api.post("/jobs", Map.of("form", "hello", "name", "secure-" + System.nanoTime(),
                "inputs", Map.of("name", "Ada")));
        assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(202);
        final JsonNode execution = Executions.awaitFinished(api, submitted.body().get("executionId").asText());

        assertThat(execution.get("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void shouldRefuseAClientWithWrongCredentials() {
        final Map<String, Object> wrong = KafkaConnection.to(broker.saslBootstrapServers(), KafkaConnection.settingsIn(securityKeys("wrong")))
                .clientConfig(Map.of("default.api.timeout.ms", 10_000, "request.timeout.ms", 5_000));
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseAClientWithoutCredentials() {
        final Map<String, Object> anonymous = KafkaConnection.to(broker.saslBootstrapServers())
                .clientConfig(Map.of("default.api.timeout.ms", 3_000, "request.timeout.ms", 2_000));
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void shouldRefuseTheCliWithWrongCredentialsAndExitNonZero() throws Exception {
        final Path config = tempDir.resolve("wrong.properties");
        Files.writeString(config, properties(securityKeys("wrong")));

        final CliRun refused = CliRun.of("topics", "create", "--bootstrap-server", broker.saslBootstrapServers(), "--config", config.toString());

        assertThat(refused.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(refused.err()).containsIgnoringCase("authentication");
    }

    private static Map<String, String> securityKeys(final String password) {
        return Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                        + "\" password=\"" + password + "\";");
    }

    private static String properties(final Map<String, String> keys) {
        final StringBuilder text = new StringBuilder();
        keys.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }
}
