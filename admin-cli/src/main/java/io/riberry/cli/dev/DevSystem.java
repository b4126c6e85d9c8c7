package io.riberry.cli.dev;

import io.riberry.platform.PlatformService;
import io.riberry.platform.auth.Authentication;
import io.riberry.platform.auth.ReplicaCredential;
import io.riberry.platform.auth.SecretFiles;
import io.riberry.platform.catalog.CatalogFile;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.dev.EmbeddedKafkaBroker;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.platform.http.Gate;
import io.riberry.platform.registry.SchemaRegistryServer;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.sdk.RiberryWorker;
import io.riberry.topics.RiberryTopics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A complete Riberry in one process: broker, schema registry, platform and the demo worker,
 * with every byte under one data directory, so starting again on it resumes where it stopped.
 */
public final class DevSystem implements AutoCloseable {

    /** Where {@code riberry dev} puts everything and which ports it takes. */
    public record Settings(int kafkaPort, int httpPort, int registryPort, Path dataDir, Path catalogFile, boolean authEnabled) {

        /** With authentication on, as it should be. */
        public Settings(final int kafkaPort, final int httpPort, final int registryPort, final Path dataDir, final Path catalogFile) {
            this(kafkaPort, httpPort, registryPort, dataDir, catalogFile, true);
        }
    }

    private static final String HOST = "127.0.0.1";
    private static final String BUNDLED_CATALOG = "/riberry/catalog.yaml";
    /** The dev platform's one replica: a data directory's broker only ever sees this member. */
    private static final String DEV_MEMBER = "riberry-dev";

    private final boolean withDemoWorker;
    private final AtomicReference<Gate> registryGate = new AtomicReference<>();
    private Path dataDir;
    private EmbeddedKafkaBroker broker;
    private SchemaRegistryServer registry;
    private PlatformService platform;
    private RiberryWorker worker;

    private DevSystem(final boolean withDemoWorker) {
        this.withDemoWorker = withDemoWorker;
    }

    public static DevSystem start(final Settings settings) {
        return start(settings, true);
    }

    /** The same system without the demo worker: for a benchmark that runs the workers it measures itself. */
    public static DevSystem startWithoutWorker(final Settings settings) {
        return start(settings, false);
    }

    private static DevSystem start(final Settings settings, final boolean withDemoWorker) {
        final DevSystem system = new DevSystem(withDemoWorker);
        system.dataDir = settings.dataDir();
        try {
            system.startAll(settings);
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        return system;
    }

    private void startAll(final Settings settings) {
        broker = EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaPort());
        // Kept beside the admin token (owner-only), so a `riberry platform` started beside dev can join it as a replica.
        final String replicaSecret = SecretFiles.readOrCreate(replicaSecretFile(settings.dataDir()), "");
        final ReplicaCredential replica = ReplicaCredential.of(replicaSecret);
        // Until the platform is up, only this process (its replica credential) may register schemas;
        // then the platform's own gate decides, so API tokens and the admin token work here too.
        registryGate.set(settings.authEnabled() ? replica.gate() : Authentication.disabled());
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), HOST, settings.registryPort(),
                request -> registryGate.get().admit(request));
        final Map<String, Object> asReplica = Map.of("bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", replica.bearerToken());
        final RiberryTopics topics = RiberryTopics.withDefaultPrefix();
        final Map<String, CatalogEntry> catalog = catalog(settings.catalogFile());
        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, CatalogFile.instances(catalog), 4, (short) 1);
        // Published before the platform starts: its global catalog store loads fully before any job is judged.
        CatalogPublisher.publish(broker.bootstrapServers(), SchemaRegistryClients.forUrl(registry.url(), asReplica), topics.catalog(), catalog);

        final Map<String, String> platformSettings = new HashMap<>();
        platformSettings.put(PlatformConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        platformSettings.put(PlatformConfig.HTTP_HOST, HOST);
        platformSettings.put(PlatformConfig.HTTP_PORT, Integer.toString(settings.httpPort()));
        platformSettings.put(PlatformConfig.REGISTRY_EMBEDDED, "false");
        platformSettings.put(PlatformConfig.SCHEMA_REGISTRY_URL, registry.url());
        platformSettings.put(PlatformConfig.STATE_DIR, settings.dataDir().resolve("streams").toString());
        // Static membership: after a kill -9 the restarted stream threads take over their own dead
        // members at once, instead of the group waiting out the dead members' session timeout.
        platformSettings.put(PlatformConfig.GROUP_INSTANCE_ID, DEV_MEMBER);
        platformSettings.put(PlatformConfig.AUTH_ADMIN_TOKEN_FILE, adminTokenFile(settings.dataDir()).toString());
        platformSettings.put(PlatformConfig.AUTH_REPLICA_SECRET, replicaSecret);
        platformSettings.put(PlatformConfig.AUTH_ENABLED, Boolean.toString(settings.authEnabled()));
        platform = PlatformService.start(PlatformConfig.load(null, platformSettings));
        platform.awaitReady(Duration.ofSeconds(60));
        registryGate.set(platform.auth().registryGate());
        recordEndpoints();
        if (withDemoWorker) {
            worker = DemoWorkflows.worker(broker.bootstrapServers(), registry.url(), replica.bearerToken()).start();
        }
    }

    private static Map<String, CatalogEntry> catalog(final Path file) {
        if (file != null && Files.exists(file)) {
            return CatalogFile.read(file);
        }
        return bundledCatalog();
    }

    /** The demo catalog inside the jar (a copy of {@code config/catalog.yaml}), keyed by entity id. */
    public static Map<String, CatalogEntry> bundledCatalog() {
        try (InputStream bundled = DevSystem.class.getResourceAsStream(BUNDLED_CATALOG)) {
            if (bundled == null) {
                throw new IllegalStateException("No demo catalog bundled at " + BUNDLED_CATALOG);
            }
            return CatalogFile.read(bundled, "the bundled demo catalog");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled demo catalog", e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Where {@code riberry dev} keeps its administrator token: the CLI reads it from there when it talks to the dev defaults. */
    public static Path adminTokenFile(final Path dataDir) {
        return dataDir.resolve("admin.token");
    }

    /** Where {@code riberry dev} keeps the secret its replicas share: give it to a second replica as {@code RIBERRY_AUTH_REPLICA_SECRET}. */
    public static Path replicaSecretFile(final Path dataDir) {
        return dataDir.resolve("replica.secret");
    }

    /** The administrator token of this system (owner-only file under the data directory). */
    public String adminToken() {
        try {
            return Files.readString(adminTokenFile(dataDir)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the admin token: " + e.getMessage(), e);
        }
    }

    public Path adminTokenFile() {
        return adminTokenFile(dataDir);
    }

    public String apiUrl() {
        return platform.apiUrl();
    }

    public String registryUrl() {
        return registry.url();
    }

    /**
     * Tells the CLI, beside the admin token, where this system answers: the CLI sends the token
     * found here to exactly these origins while they are recorded, and to nothing else.
     */
    private void recordEndpoints() {
        try {
            Files.writeString(endpointsFile(), "api=" + platform.apiUrl() + "\nregistry=" + registry.url() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot record the dev system's endpoints: " + e.getMessage(), e);
        }
    }

    private Path endpointsFile() {
        return dataDir.resolve(io.riberry.cli.GlobalOptions.DEV_ENDPOINTS_FILE);
    }

    @Override
    public void close() {
        if (dataDir != null) {
            try {
                Files.deleteIfExists(endpointsFile());
            } catch (IOException e) {
                // The CLI then still trusts these origins until the next start rewrites them.
            }
        }
        if (worker != null) {
            worker.close(Duration.ofSeconds(10));
        }
        if (platform != null) {
            platform.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
