package io.riberry.platform.auth;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.GroupDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The catalog's groups and the forms they grant, in memory. Every request needs them and the
 * catalog rarely changes, so one index serves every request until the catalog's version moves
 * (a catalog record applied), instead of a store scan per request.
 */
public record GroupIndex(List<GroupDefinition> groups, Map<String, FormDefinition> forms) {

    public GroupIndex {
        groups = List.copyOf(groups);
        forms = Map.copyOf(forms);
    }

    /** The groups of {@code catalog} as they are now, with every form they grant that exists. */
    public static GroupIndex of(final CatalogView catalog) {
        final List<GroupDefinition> groups = catalog.all(CatalogView.groupPrefix(), GroupDefinition.class);
        final Map<String, FormDefinition> forms = new HashMap<>();
        for (GroupDefinition group : groups) {
            for (FormGrant grant : group.getForms()) {
                catalog.form(grant.getForm()).ifPresent(form -> forms.put(grant.getForm(), form));
            }
        }
        return new GroupIndex(groups, forms);
    }

    public Optional<FormDefinition> form(final String name) {
        return Optional.ofNullable(forms.get(name));
    }

    /** The index of the catalog's current version: rebuilt only when {@code version} has moved since the last one. */
    public static Supplier<GroupIndex> cachedBy(final LongSupplier version, final Supplier<CatalogView> catalog) {
        final AtomicReference<Versioned> current = new AtomicReference<>();
        return () -> {
            final long now = version.getAsLong();
            final Versioned cached = current.get();
            if (cached != null && cached.version() == now) {
                return cached.index();
            }
            // Read the version before the catalog: a change applied meanwhile moves it again, and the next request rebuilds.
            final GroupIndex fresh = of(catalog.get());
            current.set(new Versioned(now, fresh));
            return fresh;
        };
    }

    private record Versioned(long version, GroupIndex index) {
    }
}
