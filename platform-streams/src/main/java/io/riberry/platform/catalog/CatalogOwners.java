package io.riberry.platform.catalog;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.util.Map;
import java.util.Optional;

/**
 * Which application an entity of a catalog belongs to: an application to itself; an instance and
 * a form to the application they name; an instance schedule to its instance's application; a
 * job schedule to its form's application. Empty when the catalog lacks the instance or form a
 * schedule names, and for a group: groups are system-wide, and {@link CatalogScope} scopes them
 * on their own.
 */
public final class CatalogOwners {

    private CatalogOwners() {
    }

    public static Optional<String> owner(final CatalogEntry entry, final Map<String, CatalogEntry> catalog) {
        final Object entity = entry.getEntity();
        if (entity instanceof ApplicationDefinition application) {
            return Optional.of(application.getName());
        }
        if (entity instanceof InstanceDefinition instance) {
            return Optional.of(instance.getApplication());
        }
        if (entity instanceof FormDefinition form) {
            return Optional.of(form.getApplication());
        }
        if (entity instanceof InstanceScheduleDefinition schedule) {
            return Optional.ofNullable(catalog.get(CatalogView.instanceId(schedule.getInstance())))
                    .filter(instance -> instance.getEntity() instanceof InstanceDefinition)
                    .map(instance -> ((InstanceDefinition) instance.getEntity()).getApplication());
        }
        if (entity instanceof JobScheduleDefinition schedule) {
            return Optional.ofNullable(catalog.get(CatalogView.formId(schedule.getForm())))
                    .filter(form -> form.getEntity() instanceof FormDefinition)
                    .map(form -> ((FormDefinition) form.getEntity()).getApplication());
        }
        if (entity instanceof GroupDefinition) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("Unknown kind of catalog entity: " + entry.getEntityId());
    }

    /** An entity id as words for messages: {@code instance:demo-local} is {@code instance "demo-local"}. */
    public static String describe(final String id) {
        final int colon = id.indexOf(':');
        return colon < 0 ? "\"" + id + "\"" : id.substring(0, colon).replace('-', ' ') + " \"" + id.substring(colon + 1) + "\"";
    }
}
