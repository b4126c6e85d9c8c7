package io.riberry.platform.query;

import io.riberry.platform.http.ApiException;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ApiToken;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The global stores every replica holds whole (the catalog, the API tokens), read from this
 * replica alone. Authentication needs them from the first request, before the query layer is
 * built and even before Streams is: until then the answer is 503, never "not found".
 */
public final class GlobalStores {

    private final Supplier<KafkaStreams> streams;

    public GlobalStores(final Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    /** The stored API token of an id, or null. */
    public ApiToken token(final String tokenId) {
        return this.<ApiToken>store(StoreNames.PRINCIPALS).get(tokenId);
    }

    /** Every stored API token. */
    public List<ApiToken> tokens() {
        final List<ApiToken> all = new ArrayList<>();
        try (KeyValueIterator<String, ApiToken> it = this.<ApiToken>store(StoreNames.PRINCIPALS).all()) {
            it.forEachRemaining(entry -> all.add(entry.value));
        }
        return all;
    }

    public CatalogView catalog() {
        return new CatalogView(store(StoreNames.CATALOG));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
        final KafkaStreams running = streams.get();
        if (running == null) {
            throw ApiException.unavailable("the platform is starting; retry shortly");
        }
        return running.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }
}
