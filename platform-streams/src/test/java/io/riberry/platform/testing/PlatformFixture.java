package io.riberry.platform.testing;

import io.riberry.platform.PlatformService;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.config.PlatformConfig;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.RiberryWorker;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * A platform on the shared broker with its own topic prefix and application id, its catalog
 * published before it starts, and workers attached on demand.
 */
public final class PlatformFixture implements AutoCloseable {

    private final RiberryTopics topics;
    private final String applicationId;
    private final Path stateDir;
    private final Map<String, String> extraSettings;
    private final String bootstrapServers;
    private final String registryUrl;
    private final List<RiberryWorker> workers = new ArrayList<>();
    private final List<PlatformService> peers = new ArrayList<>();
    /** Short, so liveness tests need not wait the production 10 s. */
    public static final long OFFLINE_AFTER_MS = 2_000;
    private PlatformService platform;

    private PlatformFixture(final RiberryTopics topics, final String applicationId, final Path stateDir,
                            final Map<String, String> extraSettings, final String bootstrapServers, final String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.topics = topics;
        this.applicationId = applicationId;
        this.stateDir = stateDir;
        this.extraSettings = Map.copyOf(extraSettings);
    }

    public static PlatformFixture start(final Path stateDir, final Map<String, CatalogEntry> catalog) {
        return start(stateDir, catalog, Map.of());
    }

    /** A platform with {@code extraSettings} (platform config keys) on top of the fixture's own. */
    public static PlatformFixture start(final Path stateDir, final Map<String, CatalogEntry> catalog, final Map<String, String> extraSettings) {
        return startOn(SharedKafka.bootstrapServers(), SharedKafka.registryUrl(), stateDir, catalog, extraSettings);
    }

    /** A platform on a broker and registry of the test's own (to restart or cut them off), rather than the shared ones. */
    public static PlatformFixture startOn(final String bootstrapServers, final String registryUrl, final Path stateDir,
                                          final Map<String, CatalogEntry> catalog, final Map<String, String> extraSettings) {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final PlatformFixture fixture = new PlatformFixture(new RiberryTopics("it-" + id + "."), "riberry-it-" + id, stateDir, extraSettings,
                bootstrapServers, registryUrl);
        TopicAdmin.ensureTopics(bootstrapServers, fixture.topics, List.of(Catalogs.INSTANCE), 4, (short) 1);
        CatalogPublisher.publish(bootstrapServers, SchemaRegistryClients.forUrl(registryUrl),
                fixture.topics.catalog(), catalog);
        fixture.startPlatform();
        return fixture;
    }

    /** Starts (again) the platform process on the same state directory and application id. */
    public void startPlatform() {
        platform = startInstance(stateDir);
    }

    /** Starts another instance of the same platform application, with its own state directory. */
    public PlatformService startPeer(final Path peerStateDir) {
        final PlatformService peer = startInstance(peerStateDir);
        peers.add(peer);
        return peer;
    }

    private final String replicaSecret = UUID.randomUUID().toString();

    private PlatformService startInstance(final Path instanceStateDir) {
        final Map<String, String> settings = new HashMap<>();
        settings.put(PlatformConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(PlatformConfig.APPLICATION_ID, applicationId);
        settings.put(PlatformConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(PlatformConfig.HTTP_PORT, "0");
        settings.put(PlatformConfig.REGISTRY_EMBEDDED, "false");
        settings.put(PlatformConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(PlatformConfig.STATE_DIR, instanceStateDir.toString());
        settings.put(PlatformConfig.INSTANCE_OFFLINE_AFTER_MS, Long.toString(OFFLINE_AFTER_MS));
        // Authentication on, as in production: every replica of the fixture shares one admin token and one replica secret.
        settings.put(PlatformConfig.AUTH_ADMIN_TOKEN_FILE, adminTokenFile().toString());
        settings.put(PlatformConfig.AUTH_REPLICA_SECRET, replicaSecret);
        settings.putAll(extraSettings);
        final PlatformService started = PlatformService.start(PlatformConfig.load(null, settings));
        started.awaitReady(Duration.ofSeconds(60));
        return started;
    }

    public void stopPlatform() {
        platform.close();
        platform = null;
    }

    /** Starts a worker of the demo instance running {@code entryPoints} (form -> entry point). */
    public RiberryWorker startWorker(final Map<String, EntryPoint> entryPoints) {
        final RiberryWorker.Builder builder = workerOf(Catalogs.INSTANCE);
        entryPoints.forEach(builder::entryPoint);
        return startWorker(builder);
    }

    /** A worker of {@code instance} on this platform's broker, registry and topics, concurrency 4; add entry points and start it. */
    public RiberryWorker.Builder workerOf(final String instance) {
        return RiberryWorker.builder()
                .application(Catalogs.APPLICATION).instance(instance)
                .bootstrapServers(bootstrapServers).schemaRegistryUrl(registryUrl)
                .topicPrefix(topics.prefix()).concurrency(4);
    }

    /** Starts the worker and closes it with the fixture. */
    public RiberryWorker startWorker(final RiberryWorker.Builder builder) {
        final RiberryWorker worker = builder.build().start();
        workers.add(worker);
        return worker;
    }

    /** Publishes catalog changes to the running platform (a null entry deletes). */
    public void publishCatalog(final Map<String, CatalogEntry> entries) {
        CatalogPublisher.publish(bootstrapServers, SchemaRegistryClients.forUrl(registryUrl),
                topics.catalog(), entries);
    }

    public RiberryTopics topics() {
        return topics;
    }

    /** The API as the fixture's system administrator. */
    public ApiClient api() {
        return new ApiClient(platform.apiUrl(), adminToken());
    }

    /** The API of another replica of this platform, as the administrator. */
    public ApiClient api(final PlatformService replica) {
        return new ApiClient(replica.apiUrl(), adminToken());
    }

    /** The bootstrap administrator token every replica of the fixture accepts. */
    public String adminToken() {
        try {
            return java.nio.file.Files.readString(adminTokenFile()).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the fixture's admin token is not there yet: " + e.getMessage(), e);
        }
    }

    private Path adminTokenFile() {
        return stateDir.resolve("admin.token");
    }

    public PlatformService platform() {
        return platform;
    }

    @Override
    public void close() {
        // Each part closes whatever another did: a platform left running outlives its state directory,
        // and RocksDB under a deleted directory can crash the test JVM when it exits.
        for (RiberryWorker worker : workers) {
            closeQuietly(() -> worker.close(Duration.ofSeconds(5)));
        }
        peers.forEach(peer -> closeQuietly(peer::close));
        if (platform != null) {
            closeQuietly(platform::close);
        }
    }

    private static void closeQuietly(final Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(PlatformFixture.class).warn("Closing part of the fixture failed", e);
        }
    }
}
