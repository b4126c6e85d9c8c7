package io.riberry.platform.query;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.StoreNames;

/** The catalog: a global store, so every replica answers it from its own copy. */
public final class CatalogQueries {

    private final StoreAccess stores;

    public CatalogQueries(final StoreAccess stores) {
        this.stores = stores;
    }

    public CatalogView catalog() {
        return new CatalogView(stores.global(StoreNames.CATALOG));
    }
}
