package io.riberry.cli;

import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.client.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, before or after the subcommand. Each value comes from the flag,
 * else the environment ({@code RIBERRY_BOOTSTRAP_SERVER}, {@code RIBERRY_API},
 * {@code RIBERRY_REGISTRY}), else the {@code --config} properties file, else the {@code riberry dev} default.
 */
public final class GlobalOptions {

    public static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:9092";
    public static final String DEFAULT_API = "http://127.0.0.1:8080/api/v1";
    public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";
    /** The environment variables the options read; nothing else in the environment configures the CLI. */
    public static final String BOOTSTRAP_SERVER_ENV = "RIBERRY_BOOTSTRAP_SERVER";
    public static final String API_ENV = "RIBERRY_API";
    public static final String REGISTRY_ENV = "RIBERRY_REGISTRY";

    /** How results are printed. */
    public enum Output { table, json }

    @Option(names = "--bootstrap-server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env RIBERRY_BOOTSTRAP_SERVER; default " + DEFAULT_BOOTSTRAP_SERVER + ").")
    String bootstrapServer;

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Riberry HTTP API (env RIBERRY_API; default " + DEFAULT_API + ").")
    String api;

    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Schema registry (env RIBERRY_REGISTRY; default " + DEFAULT_REGISTRY + ").")
    String registry;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Properties file with bootstrap.server, api, registry, output and kafka.* client settings "
                    + "(security); for riberry platform, the platform's settings.")
    Path config;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "FORMAT", description = "table or json (default table).")
    Output output;

    private final Map<String, String> environment;

    public GlobalOptions() {
        this(System.getenv());
    }

    GlobalOptions(final Map<String, String> environment) {
        this.environment = environment;
    }

    public String bootstrapServer() {
        return resolve(bootstrapServer, BOOTSTRAP_SERVER_ENV, "bootstrap.server", DEFAULT_BOOTSTRAP_SERVER);
    }

    /** The cluster, with the {@code kafka.*} client settings (security) of the {@code --config} file. */
    public KafkaConnection kafka() {
        return KafkaConnection.to(bootstrapServer(), KafkaConnection.settingsIn(fileProperties()));
    }

    /** The {@code --config} file given, if any. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    /** {@code --bootstrap-server} if it was given on the command line. */
    public Optional<String> bootstrapServerFlag() {
        return Optional.ofNullable(bootstrapServer);
    }

    /** The bootstrap servers if the flag or the environment names them (not a file, not the default). */
    public Optional<String> bootstrapServerGiven() {
        return bootstrapServerFlag().or(() -> Optional.ofNullable(environment.get(BOOTSTRAP_SERVER_ENV)).filter(v -> !v.isBlank()));
    }

    /** The registry if the flag or the environment names it. */
    public Optional<String> registryGiven() {
        return Optional.ofNullable(registry).or(() -> Optional.ofNullable(environment.get(REGISTRY_ENV)).filter(v -> !v.isBlank()));
    }

    /** The API if the flag or the environment names it. */
    public Optional<String> apiGiven() {
        return Optional.ofNullable(api).or(() -> Optional.ofNullable(environment.get(API_ENV)).filter(v -> !v.isBlank()));
    }

    public String api() {
        return resolve(api, API_ENV, "api", DEFAULT_API);
    }

    public String registry() {
        return resolve(registry, REGISTRY_ENV, "registry", DEFAULT_REGISTRY);
    }

    public Output output() {
        if (output != null) {
            return output;
        }
        final String fromFile = fileProperties().getProperty("output");
        try {
            return fromFile == null ? Output.table : Output.valueOf(fromFile);
        } catch (IllegalArgumentException e) {
            throw new CliException("output in " + config + " must be table or json, not " + fromFile);
        }
    }

    public ApiClient apiClient() {
        return new ApiClient(api());
    }

    private String resolve(final String flag, final String env, final String property, final String fallback) {
        if (flag != null) {
            return flag;
        }
        final String fromEnv = environment.get(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return fileProperties().getProperty(property, fallback);
    }

    private Properties fileProperties() {
        final Properties properties = new Properties();
        if (config == null) {
            return properties;
        }
        try (InputStream in = Files.newInputStream(config)) {
            properties.load(in);
        } catch (IOException e) {
            throw new CliException("cannot read --config " + config + ": " + e.getMessage());
        }
        return properties;
    }
}
