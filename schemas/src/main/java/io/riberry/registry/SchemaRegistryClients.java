package io.riberry.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Chooses the client for a {@code schema.registry.url}: {@code mock://scope} is in memory, anything else is REST. */
public final class SchemaRegistryClients {

    public static final String MOCK_SCHEME = "mock://";

    // One caching client per URL and credentials, so every serde of a process shares one cache of ids.
    private static final Map<ClientKey, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private record ClientKey(String url, RegistryCredentials credentials) {
    }

    private SchemaRegistryClients() {
    }

    /** The client of {@code url}, presenting no credentials (unless the URL has {@code user:password@}). */
    public static SchemaRegistryClient forUrl(final String url) {
        return forUrl(url, Map.of());
    }

    /**
     * The client of {@code url}, presenting the credentials Confluent's client settings in {@code configs}
     * ask for (see {@link RegistryCredentials#from}); an in-memory registry ignores them.
     */
    public static SchemaRegistryClient forUrl(final String url, final Map<String, ?> configs) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistryClient.forScope(url.substring(MOCK_SCHEME.length()));
        }
        final RegistryCredentials credentials = RegistryCredentials.from(url, configs);
        return CLIENTS.computeIfAbsent(new ClientKey(url, credentials), key -> new RestSchemaRegistryClient(key.url(), key.credentials()));
    }
}
