package io.riberry.platform.config;

import io.riberry.kafka.KafkaConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of a platform process, declared once with type, default and doc. Values come
 * from defaults, then a properties file, then the environment ({@code RIBERRY_HTTP_PORT} for
 * {@code http.port}), then system properties; later sources win. Keys prefixed {@code kafka.}
 * ({@code RIBERRY_KAFKA_SECURITY_PROTOCOL}, {@code -Driberry.kafka.security.protocol}) are Kafka
 * client settings passed to every client of the process (see {@link KafkaConnection}).
 */
public final class PlatformConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String ADVERTISED_HOST = "http.advertised.host";
    public static final String REGISTRY_EMBEDDED = "registry.embedded";
    public static final String REGISTRY_PORT = "registry.port";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String STATE_DIR = "state.dir";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String STREAM_THREADS = "num.stream.threads";
    public static final String INSTANCE_OFFLINE_AFTER_MS = "instance.offline.after.ms";
    public static final String STANDBY_REPLICAS = "num.standby.replicas";
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    public static final String AUTH_ENABLED = "auth.enabled";
    public static final String AUTH_ADMIN_TOKEN_FILE = "auth.admin.token.file";
    public static final String AUTH_REPLICA_SECRET = "auth.replica.secret";
    public static final String AUTH_SESSION_LIFETIME_MS = "auth.session.lifetime.ms";
    public static final String AUTH_OIDC_ISSUER = "auth.oidc.issuer";
    public static final String AUTH_OIDC_JWKS_URL = "auth.oidc.jwks.url";
    public static final String AUTH_OIDC_AUDIENCE = "auth.oidc.audience";
    public static final String AUTH_OIDC_SUBJECT_CLAIM = "auth.oidc.subject.claim";
    public static final String AUTH_OIDC_GROUPS_CLAIM = "auth.oidc.groups.claim";
    public static final String AUTH_OIDC_ADMIN_GROUP = "auth.oidc.admin.group";
    public static final String AUTH_OIDC_CLIENT_ID = "auth.oidc.client.id";
    public static final String AUTH_OIDC_CLIENT_SECRET = "auth.oidc.client.secret";
    public static final String AUTH_OIDC_REDIRECT_URL = "auth.oidc.redirect.url";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformConfig.class);

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka brokers.")
            .define(APPLICATION_ID, Type.STRING, "riberry-platform", Importance.HIGH,
                    "Kafka Streams application id; every platform instance of one deployment shares it.")
            .define(TOPIC_PREFIX, Type.STRING, "riberry.", Importance.MEDIUM, "Prefix of every Riberry topic.")
            .define(TOPIC_PARTITIONS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the topics the platform creates; co-partitioned topics must agree.")
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Importance.MEDIUM, "Replication factor of created topics.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, "Interface the HTTP API binds to.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH, "Port of the HTTP API (0 = any free port).")
            .define(ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
                    "Host other platform instances use to forward queries here; defaults to http.host.")
            .define(REGISTRY_EMBEDDED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Serve a Confluent-compatible schema registry from this process, backed by the _schemas topic.")
            .define(REGISTRY_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.MEDIUM, "Port of the embedded registry.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                    "Registry used by the serdes; defaults to the embedded registry when it is enabled.")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/riberry-streams", Importance.HIGH,
                    "Directory of the RocksDB state stores.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 10L, Range.atLeast(5), Importance.MEDIUM,
                    "Transaction commit interval. Each hop of a job (intake, dispatch, execution) waits for one commit, "
                            + "so this bounds the platform's share of submit-to-ACTIVE latency.")
            .define(STREAM_THREADS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Stream threads of this instance. A thread waits on every transaction it commits, so one thread per partition "
                            + "of the busiest sub-topology keeps commits overlapping even on few cores.")
            .define(INSTANCE_OFFLINE_AFTER_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                    "An instance with no heartbeat for this long is OFFLINE (a worker process, lost), judged against the platform "
                            + "clock ticks read from the heartbeats topic, so heartbeats waiting unread behind a backlog never count as silence.")
            .define(STANDBY_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM,
                    "Warm copies of each task's stores kept on other replicas: a replica that dies is replaced by one that "
                            + "already holds its state, instead of one that restores it from the changelogs.")
            .define(GROUP_INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                    "A stable name for this replica (static membership): restarted within the session timeout, it takes its "
                            + "tasks back without a rebalance. Unique per replica; empty = dynamic membership.")
            .define(AUTH_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Require credentials on every HTTP endpoint but /health (API, dashboard, registry writes, /metrics). "
                            + "Turn off only on a network where everyone who reaches the port may do everything.")
            .define(AUTH_ADMIN_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                    "A file holding the bootstrap administrator token, created (owner-only) with a random token when missing. "
                            + "It is how the first API tokens are made; riberry dev uses <data-dir>/admin.token. Empty = none.")
            .define(AUTH_REPLICA_SECRET, Type.PASSWORD, "", Importance.HIGH,
                    "Shared by every replica of one system: replicas present it to each other on the internal path, and sign "
                            + "dashboard sessions with it. Empty = a random one per process (a lone replica works; several cannot ask each other).")
            .define(AUTH_SESSION_LIFETIME_MS, Type.LONG, 8 * 3600_000L, Range.atLeast(60_000), Importance.MEDIUM,
                    "How long a dashboard sign-in lasts (never past its token's or ID token's expiry).")
            .define(AUTH_OIDC_ISSUER, Type.STRING, "", Importance.HIGH,
                    "OIDC issuer whose JWTs are accepted as bearer tokens (its iss claim, exactly). Empty = no OIDC.")
            .define(AUTH_OIDC_JWKS_URL, Type.STRING, "", Importance.MEDIUM,
                    "Where the issuer's signing keys are; empty = the jwks_uri of <issuer>/.well-known/openid-configuration.")
            .define(AUTH_OIDC_AUDIENCE, Type.STRING, "", Importance.HIGH, "The aud a JWT must name (required when an issuer is set).")
            .define(AUTH_OIDC_SUBJECT_CLAIM, Type.STRING, "sub", Importance.MEDIUM, "The claim that names the user.")
            .define(AUTH_OIDC_GROUPS_CLAIM, Type.STRING, "groups", Importance.MEDIUM,
                    "The claim listing the user's groups (matched to the catalog's group names).")
            .define(AUTH_OIDC_ADMIN_GROUP, Type.STRING, "", Importance.MEDIUM,
                    "Members of this claim group are system administrators; empty = only the catalog says who is.")
            .define(AUTH_OIDC_CLIENT_ID, Type.STRING, "", Importance.MEDIUM,
                    "The dashboard's client id at the issuer, for its sign-in (authorization code with PKCE); empty = token sign-in only.")
            .define(AUTH_OIDC_CLIENT_SECRET, Type.PASSWORD, "", Importance.MEDIUM, "The dashboard client's secret, if the issuer requires one.")
            .define(AUTH_OIDC_REDIRECT_URL, Type.STRING, "", Importance.MEDIUM,
                    "The dashboard's callback as the issuer knows it (https://HOST/login/callback); empty = derived from the request.");

    public PlatformConfig(final Map<?, ?> originals) {
        super(DEFINITION, originals, false);
    }

    /** Reads defaults < {@code file} (may be null) < environment < system properties. */
    public static PlatformConfig load(final Path file, final Map<String, String> overrides) {
        final Map<String, Object> values = new HashMap<>();
        if (file != null) {
            final Properties fromFile = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                fromFile.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read platform configuration " + file + ": " + e.getMessage(), e);
            }
            fromFile.forEach((k, v) -> values.put(k.toString(), v));
        }
        values.putAll(KafkaConnection.prefixedKeysFromEnvironment(System.getenv()));
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("riberry." + KafkaConnection.PREFIX)) {
                values.put(key.toString().substring("riberry.".length()), value);
            }
        });
        for (String name : DEFINITION.names()) {
            final String fromEnv = System.getenv(environmentName(name));
            if (fromEnv != null) {
                values.put(name, fromEnv);
            }
            final String fromSystem = System.getProperty("riberry." + name);
            if (fromSystem != null) {
                values.put(name, fromSystem);
            }
        }
        values.putAll(overrides);
        final PlatformConfig config = new PlatformConfig(values);
        final Map<String, Object> defaulted = new java.util.TreeMap<>();
        DEFINITION.names().stream().filter(n -> !values.containsKey(n)).forEach(n -> defaulted.put(n, config.values().get(n)));
        LOG.info("Platform settings left at their defaults: {}", defaulted);
        return config;
    }

    public static String environmentName(final String name) {
        return "RIBERRY_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    /** The cluster and the {@code kafka.*} settings every client of this process uses. */
    public KafkaConnection kafka() {
        return KafkaConnection.to(bootstrapServers(), KafkaConnection.settingsIn(originals()));
    }

    public int standbyReplicas() {
        return getInt(STANDBY_REPLICAS);
    }

    public String groupInstanceId() {
        return getString(GROUP_INSTANCE_ID);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    public short replicationFactor() {
        return getShort(TOPIC_REPLICATION_FACTOR);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String advertisedHost() {
        final String advertised = getString(ADVERTISED_HOST);
        return advertised.isBlank() ? httpHost() : advertised;
    }

    public boolean registryEmbedded() {
        return getBoolean(REGISTRY_EMBEDDED);
    }

    public int registryPort() {
        return getInt(REGISTRY_PORT);
    }

    /** The registry the serdes use; {@code boundRegistryPort} is the embedded one's actual port. */
    public String schemaRegistryUrl(final int boundRegistryPort) {
        final String url = getString(SCHEMA_REGISTRY_URL);
        if (!url.isBlank()) {
            return url;
        }
        if (!registryEmbedded()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " must be set when " + REGISTRY_EMBEDDED + " is false");
        }
        return "http://" + advertisedHost() + ":" + boundRegistryPort;
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public int streamThreads() {
        return getInt(STREAM_THREADS);
    }

    public boolean authEnabled() {
        return getBoolean(AUTH_ENABLED);
    }

    public String adminTokenFile() {
        return getString(AUTH_ADMIN_TOKEN_FILE);
    }

    public String replicaSecret() {
        return getPassword(AUTH_REPLICA_SECRET).value();
    }

    public long sessionLifetimeMs() {
        return getLong(AUTH_SESSION_LIFETIME_MS);
    }

    /** The OIDC settings, all {@code auth.oidc.*} keys. */
    public String oidc(final String key) {
        final Object value = get(key);
        return value instanceof org.apache.kafka.common.config.types.Password password ? password.value() : String.valueOf(value);
    }

    public long instanceOfflineAfterMs() {
        return getLong(INSTANCE_OFFLINE_AFTER_MS);
    }
}
