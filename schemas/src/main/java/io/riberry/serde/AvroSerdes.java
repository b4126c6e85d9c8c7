package io.riberry.serde;

import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Builds wire-format Avro serdes for the generated record classes. */
public final class AvroSerdes {

    /** The configuration key naming the registry, as in Confluent's serdes. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    private AvroSerdes() {
    }

    public static <T extends SpecificRecordBase> Serde<T> serde(final Class<T> type, final SchemaRegistryClient registry) {
        final org.apache.avro.Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
        return Serdes.serdeFrom(new AvroSerializer<>(schema, registry), new AvroDeserializer<>(schema, registry));
    }

    public static <T extends SpecificRecordBase> Serde<T> serde(final Class<T> type, final String registryUrl) {
        return serde(type, SchemaRegistryClients.forUrl(registryUrl));
    }

    /**
     * A serde whose registry client presents the credentials in {@code configs}, with Confluent's keys
     * ({@code bearer.auth.token}, {@code basic.auth.user.info}; see {@link io.riberry.registry.RegistryCredentials}).
     */
    public static <T extends SpecificRecordBase> Serde<T> serde(final Class<T> type, final String registryUrl, final Map<String, ?> configs) {
        return serde(type, SchemaRegistryClients.forUrl(registryUrl, configs));
    }

    /** The registry client a serde's {@code configure(configs)} asks for: {@code schema.registry.url} and its credentials. */
    static SchemaRegistryClient registryClient(final Map<String, ?> configs) {
        return SchemaRegistryClients.forUrl(registryUrl(configs), configs);
    }

    static String registryUrl(final Map<String, ?> configs) {
        final Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " must be configured for the Avro serdes");
        }
        return url.toString();
    }
}
