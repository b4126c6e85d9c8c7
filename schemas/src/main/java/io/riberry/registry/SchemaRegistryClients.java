package io.riberry.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Chooses the client for a {@code schema.registry.url}: {@code mock://scope} is in memory, anything else is REST. */
public final class SchemaRegistryClients {

    public static final String MOCK_SCHEME = "mock://";

    // One caching client per URL, so every serde of a process shares one cache of ids.
    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient forUrl(final String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistryClient.forScope(url.substring(MOCK_SCHEME.length()));
        }
        return CLIENTS.computeIfAbsent(url, RestSchemaRegistryClient::new);
    }
}
