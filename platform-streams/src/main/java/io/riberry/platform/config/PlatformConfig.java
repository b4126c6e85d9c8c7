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
                            + "tasks back without a rebalance. Unique per replica; empty = dynamic membership.");

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

    public long instanceOfflineAfterMs() {
        return getLong(INSTANCE_OFFLINE_AFTER_MS);
    }
}
