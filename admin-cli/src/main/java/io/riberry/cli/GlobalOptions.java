package io.riberry.cli;

import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.client.ApiClient;
import io.riberry.registry.RegistryCredentials;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, before or after the subcommand. Each value comes from the flag,
 * else the environment ({@code RIBERRY_BOOTSTRAP_SERVER}, {@code RIBERRY_API},
 * {@code RIBERRY_REGISTRY}, {@code RIBERRY_TOKEN}), else the {@code --config} properties file, else the
 * {@code riberry dev} default. The token's default is the admin token {@code riberry dev} wrote to
 * {@code .riberry/dev/admin.token} under the working directory, and only for a server on this machine:
 * a local dev token is never sent anywhere else.
 *
 * <p>Each is hidden from the option list of every command it is inherited by: the root command line
 * shows them once, in a "Global options" section of each command's help ({@code Riberry}).
 */
public final class GlobalOptions {

    public static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:9092";
    public static final String DEFAULT_API = "http://127.0.0.1:8080/api/v1";
    public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";
    /** The environment variables the options read; nothing else in the environment configures the CLI. */
    public static final String BOOTSTRAP_SERVER_ENV = "RIBERRY_BOOTSTRAP_SERVER";
    public static final String API_ENV = "RIBERRY_API";
    public static final String REGISTRY_ENV = "RIBERRY_REGISTRY";
    public static final String TOKEN_ENV = "RIBERRY_TOKEN";
    /** {@code riberry dev}'s default data directory, relative to the working directory, and the token file it writes there. */
    public static final Path DEV_DATA_DIR = Path.of(".riberry", "dev");
    /** Where a running {@code riberry dev} records its API and registry URLs (removed when it stops). */
    public static final String DEV_ENDPOINTS_FILE = "endpoints.properties";
    public static final String DEV_TOKEN_FILE = "admin.token";

    /** How results are printed. */
    public enum Output { table, json }

    @Option(names = "--bootstrap-server", scope = ScopeType.INHERIT, hidden = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env RIBERRY_BOOTSTRAP_SERVER; default " + DEFAULT_BOOTSTRAP_SERVER + ").")
    String bootstrapServer;

    @Option(names = "--api", scope = ScopeType.INHERIT, hidden = true, paramLabel = "URL",
            description = "Riberry HTTP API (env RIBERRY_API;%n  default " + DEFAULT_API + ").")
    String api;

    @Option(names = "--registry", scope = ScopeType.INHERIT, hidden = true, paramLabel = "URL",
            description = "Schema registry (env RIBERRY_REGISTRY;%n  default " + DEFAULT_REGISTRY + ").")
    String registry;

    // No default value is ever shown: --help must not print a token.
    @Option(names = "--token", scope = ScopeType.INHERIT, hidden = true, paramLabel = "TOKEN",
            description = "API token, sent as Authorization: Bearer to the API and the schema registry (env RIBERRY_TOKEN,"
                    + " which keeps it out of the process list; --config key token; default: the token riberry dev wrote to%n"
                    + "  .riberry/dev/admin.token, sent only to the API and registry of that riberry dev while it runs).")
    String token;

    @Option(names = "--config", scope = ScopeType.INHERIT, hidden = true, paramLabel = "FILE",
            description = "Properties file with bootstrap.server, api, registry, token, output and kafka.* client settings "
                    + "(security); for riberry platform, the platform's settings.")
    Path config;

    @Option(names = "--output", scope = ScopeType.INHERIT, hidden = true, paramLabel = "FORMAT", description = "table or json (default table).")
    Output output;

    private final Map<String, String> environment;
    private final Path workingDirectory;

    public GlobalOptions() {
        this(System.getenv());
    }

    GlobalOptions(final Map<String, String> environment) {
        this(environment, Path.of(""));
    }

    GlobalOptions(final Map<String, String> environment, final Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
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

    /** The API client of {@link #api()}, presenting {@link #tokenFor} it. */
    public ApiClient apiClient() {
        return apiClient(api());
    }

    /** An API client of {@code url} (a platform replica, a bench target), presenting {@link #tokenFor} it. */
    public ApiClient apiClient(final String url) {
        return new ApiClient(url, tokenFor(url).orElse(null));
    }

    /** The registry client of {@link #registry()}, presenting {@link #tokenFor} it as a Bearer token: for commands that write records. */
    public SchemaRegistryClient registryClient() {
        return SchemaRegistryClients.forUrl(registry(), registryCredentials(registry()));
    }

    /** The registry client settings (Confluent's keys) that present {@link #tokenFor} {@code url}: empty without a token. */
    public Map<String, String> registryCredentials(final String url) {
        return tokenFor(url).map(value -> Map.of(RegistryCredentials.BEARER_SOURCE, "STATIC_TOKEN", RegistryCredentials.BEARER_TOKEN, value))
                .orElse(Map.of());
    }

    /** The token given by {@code --token}, {@code RIBERRY_TOKEN} or the {@code --config} file's {@code token}, in that order. */
    public Optional<String> tokenGiven() {
        if (token != null) {
            if (token.isBlank()) {
                throw new CliException("--token must not be blank", ExitCodes.USAGE);
            }
            return Optional.of(token.trim());
        }
        final String fromEnv = environment.get(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        return Optional.ofNullable(fileProperties().getProperty("token")).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * The token to present to the server at {@code url}: the one given ({@link #tokenGiven()}), else the
     * admin token {@code riberry dev} wrote under the working directory, if there is one and {@code url}
     * is on this machine (a dev token is for the dev system, never for a remote server).
     */
    public Optional<String> tokenFor(final String url) {
        return tokenGiven().or(() -> isRunningDevSystem(url) ? readTokenFile(workingDirectory.resolve(DEV_DATA_DIR).resolve(DEV_TOKEN_FILE))
                : Optional.empty());
    }

    /**
     * Whether {@code url} is an endpoint of the {@code riberry dev} running from the working
     * directory: it records its API's and registry's origins beside its token while it runs
     * ({@value #DEV_ENDPOINTS_FILE}), and its token goes to exactly those, never to whatever else
     * listens on this machine (another user's process on port 8080, say).
     */
    private boolean isRunningDevSystem(final String url) {
        if (!isOnThisMachine(url)) {
            return false;
        }
        final Path endpoints = workingDirectory.resolve(DEV_DATA_DIR).resolve(DEV_ENDPOINTS_FILE);
        if (!Files.isRegularFile(endpoints)) {
            return false;
        }
        final Properties recorded = new Properties();
        try (InputStream in = Files.newInputStream(endpoints)) {
            recorded.load(in);
        } catch (IOException e) {
            return false;
        }
        final Optional<String> origin = origin(url);
        return origin.isPresent() && recorded.values().stream().map(Object::toString).map(GlobalOptions::origin)
                .anyMatch(origin::equals);
    }

    /** {@code http://127.0.0.1:8080} of a URL, {@code localhost} read as 127.0.0.1; empty when it is no URL. */
    static Optional<String> origin(final String url) {
        try {
            final URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return Optional.empty();
            }
            final String host = uri.getHost().equalsIgnoreCase("localhost") ? "127.0.0.1" : uri.getHost().toLowerCase(Locale.ROOT);
            final int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token in {@code file}, trimmed; empty when the file does not exist or is blank. */
    public static Optional<String> readTokenFile(final Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(value -> !value.isEmpty());
        } catch (IOException e) {
            throw new CliException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    private static boolean isOnThisMachine(final String url) {
        final String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        final String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
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
