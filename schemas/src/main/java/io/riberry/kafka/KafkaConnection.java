package io.riberry.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of a process reaches the cluster: the bootstrap servers and any client
 * settings given as keys prefixed {@value #PREFIX} ({@code kafka.security.protocol},
 * {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, ...), passed to each
 * producer, consumer, admin client and Streams application this process makes. One value,
 * handed to whatever makes clients, so no client is made without the security settings.
 */
public final class KafkaConnection {

    /** Keys with this prefix (in a properties file, or {@code RIBERRY_KAFKA_*} in the environment) pass through. */
    public static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "RIBERRY_KAFKA_";

    private final String bootstrapServers;
    private final Map<String, Object> settings;

    private KafkaConnection(final String bootstrapServers, final Map<String, Object> settings) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        if (this.settings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("set the bootstrap servers as such, not as " + PREFIX + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }
    }

    /** A plain connection: no settings beyond the address. */
    public static KafkaConnection to(final String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** {@code bootstrapServers} with {@code settings} (client keys, without the prefix). */
    public static KafkaConnection to(final String bootstrapServers, final Map<String, ?> settings) {
        return new KafkaConnection(bootstrapServers, new HashMap<>(settings));
    }

    /** The client settings among {@code source}'s keys: those prefixed {@value #PREFIX}, prefix removed. */
    public static Map<String, Object> settingsIn(final Map<?, ?> source) {
        final Map<String, Object> settings = new HashMap<>();
        source.forEach((key, value) -> {
            final String name = String.valueOf(key);
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                settings.put(name.substring(PREFIX.length()), value);
            }
        });
        return settings;
    }

    /** The client settings in {@code properties} (prefixed keys), prefix removed. */
    public static Map<String, Object> settingsIn(final Properties properties) {
        return settingsIn((Map<?, ?>) properties);
    }

    /**
     * The prefixed keys named by {@code RIBERRY_KAFKA_*} variables of {@code environment}:
     * {@code RIBERRY_KAFKA_SASL_JAAS_CONFIG} is {@code kafka.sasl.jaas.config}. Kafka's client keys
     * are lower case with dots, so the mapping is unambiguous for them.
     */
    public static Map<String, String> prefixedKeysFromEnvironment(final Map<String, String> environment) {
        final Map<String, String> keys = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                keys.put(PREFIX + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return keys;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The pass-through settings, without the prefix. */
    public Map<String, Object> settings() {
        return settings;
    }

    /**
     * A client's configuration: the connection (address and pass-through settings) under the
     * client's own {@code specific} settings. The client's own win: a producer's idempotence is
     * its business, not the deployment's.
     */
    public Map<String, Object> clientConfig(final Map<String, ?> specific) {
        final Map<String, Object> config = new HashMap<>(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(specific);
        return config;
    }

    /** The same, as {@link Properties} (Kafka Streams takes those). */
    public Properties clientProperties(final Map<String, ?> specific) {
        final Properties properties = new Properties();
        properties.putAll(clientConfig(specific));
        return properties;
    }

    /** For logs: the address and the names of the settings, never their values (a JAAS config holds a password). */
    @Override
    public String toString() {
        return bootstrapServers + (settings.isEmpty() ? "" : " with " + settings.keySet());
    }
}
