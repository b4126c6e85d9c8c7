package io.riberry.sdk;

import io.riberry.kafka.KafkaConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A worker's settings as keys ({@link RiberryWorker.Builder#KEYS} and {@code kafka.*}): read from a
 * properties file or the environment, and handed to the builder's own setters, so a value from a
 * file is checked exactly as one given in code.
 */
final class WorkerProperties {

    private WorkerProperties() {
    }

    static Map<String, String> read(final Path file) {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read worker properties " + file + ": " + e.getMessage(), e);
        }
        return toMap(properties);
    }

    static Map<String, String> toMap(final Properties properties) {
        final Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /** The keys set in {@code environment}: {@code RIBERRY_} and the key in upper case with underscores, and {@code RIBERRY_KAFKA_*}. */
    static Map<String, String> inEnvironment(final Map<String, String> environment) {
        final Map<String, String> values = new HashMap<>();
        for (String key : RiberryWorker.Builder.KEYS) {
            final String value = environment.get("RIBERRY_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
            if (value != null) {
                values.put(key, value);
            }
        }
        values.putAll(KafkaConnection.prefixedKeysFromEnvironment(environment));
        return values;
    }

    /**
     * Sets each of {@code values} on {@code builder}.
     *
     * @throws IllegalArgumentException naming every unknown key (a typo would otherwise be ignored), or a bad value
     */
    static void applyTo(final RiberryWorker.Builder builder, final Map<String, String> values, final String source) {
        if (values.containsKey(RiberryWorker.Builder.REGISTRY_USER_INFO) && values.containsKey(RiberryWorker.Builder.REGISTRY_BEARER_TOKEN)) {
            // Which would win would depend on a hash order: refuse, naming the keys and never their values.
            throw new IllegalArgumentException(source + " sets both " + RiberryWorker.Builder.REGISTRY_USER_INFO + " and "
                    + RiberryWorker.Builder.REGISTRY_BEARER_TOKEN + "; the registry takes one kind of credentials");
        }
        final List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> setting : values.entrySet()) {
            final String key = setting.getKey();
            final String value = setting.getValue().trim();
            if (key.startsWith(KafkaConnection.PREFIX) && key.length() > KafkaConnection.PREFIX.length()) {
                builder.kafkaSetting(key.substring(KafkaConnection.PREFIX.length()), value);
                continue;
            }
            switch (key) {
                case "application" -> builder.application(value);
                case "instance" -> builder.instance(value);
                case "bootstrap.servers" -> builder.bootstrapServers(value);
                case "schema.registry.url" -> builder.schemaRegistryUrl(value);
                case RiberryWorker.Builder.REGISTRY_USER_INFO -> builder.schemaRegistryUserInfo(value);
                case RiberryWorker.Builder.REGISTRY_BEARER_TOKEN -> builder.schemaRegistryBearerToken(value);
                case "topic.prefix" -> builder.topicPrefix(value);
                case "concurrency" -> builder.concurrency(whole(key, value, source));
                case "dispatch.partitions" -> builder.dispatchPartitions(whole(key, value, source));
                case "heartbeat.interval.ms" -> builder.heartbeatInterval(Duration.ofMillis(whole(key, value, source)));
                case "session.timeout.ms" -> builder.sessionTimeout(Duration.ofMillis(whole(key, value, source)));
                case "start.timeout.ms" -> builder.startTimeout(Duration.ofMillis(whole(key, value, source)));
                case "shutdown.timeout.ms" -> builder.shutdownTimeout(Duration.ofMillis(whole(key, value, source)));
                case "catalog.check" -> builder.catalogCheck(catalogCheck(value, source));
                case "process.id" -> builder.processId(value);
                default -> unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown worker setting" + (unknown.size() > 1 ? "s " : " ") + new TreeSet<>(unknown)
                    + " in " + source + "; known: " + new TreeSet<>(RiberryWorker.Builder.KEYS) + " and kafka.* client settings");
        }
    }

    private static int whole(final String key, final String value, final String source) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " in " + source + " must be a whole number, not \"" + value + "\"", e);
        }
    }

    private static CatalogCheck catalogCheck(final String value, final String source) {
        try {
            return CatalogCheck.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog.check in " + source + " must be refuse or warn, not \"" + value + "\"", e);
        }
    }
}
