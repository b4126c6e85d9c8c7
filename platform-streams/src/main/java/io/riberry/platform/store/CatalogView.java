package io.riberry.platform.store;

import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Read-only, typed access to the catalog store (entity id -> entry). */
public final class CatalogView {

    private final ReadOnlyKeyValueStore<String, CatalogEntry> store;

    public CatalogView(final ReadOnlyKeyValueStore<String, CatalogEntry> store) {
        this.store = store;
    }

    public static String applicationId(final String name) {
        return "application:" + name;
    }

    public static String instanceId(final String name) {
        return "instance:" + name;
    }

    public static String formId(final String name) {
        return "form:" + name;
    }

    public static String instanceScheduleId(final String instance, final String name) {
        return "instance-schedule:" + instance + ":" + name;
    }

    public static String jobScheduleId(final String name) {
        return "job-schedule:" + name;
    }

    /** The prefix of every group's entity id. */
    public static String groupPrefix() {
        return "group:";
    }

    public static String groupId(final String name) {
        return groupPrefix() + name;
    }

    public Optional<FormDefinition> form(final String name) {
        return entity(formId(name), FormDefinition.class);
    }

    public Optional<InstanceDefinition> instance(final String name) {
        return entity(instanceId(name), InstanceDefinition.class);
    }

    public Optional<ApplicationDefinition> application(final String name) {
        return entity(applicationId(name), ApplicationDefinition.class);
    }

    /** The schedules of an instance's dynamic parameters. */
    public List<InstanceScheduleDefinition> instanceSchedules(final String instance) {
        // The prefix also matches an instance named "<instance>:...": keep this instance's own.
        return all(instanceScheduleId(instance, ""), InstanceScheduleDefinition.class).stream()
                .filter(schedule -> schedule.getInstance().equals(instance)).toList();
    }

    /** Every cron job schedule. */
    public List<JobScheduleDefinition> jobSchedules() {
        return all(jobScheduleId(""), JobScheduleDefinition.class);
    }

    /** Every group, by name: who may see and do what with which forms. */
    public List<GroupDefinition> groups() {
        return all(groupId(""), GroupDefinition.class);
    }

    public Optional<GroupDefinition> group(final String name) {
        return entity(groupId(name), GroupDefinition.class);
    }

    /** Every entity of one kind, e.g. {@code form:}. */
    public <T> List<T> all(final String kindPrefix, final Class<T> type) {
        final List<T> found = new ArrayList<>();
        try (KeyValueIterator<String, CatalogEntry> it = store.prefixScan(kindPrefix, new org.apache.kafka.common.serialization.StringSerializer())) {
            while (it.hasNext()) {
                final KeyValue<String, CatalogEntry> next = it.next();
                if (next.value != null && type.isInstance(next.value.getEntity())) {
                    found.add(type.cast(next.value.getEntity()));
                }
            }
        }
        return found;
    }

    private <T> Optional<T> entity(final String id, final Class<T> type) {
        final CatalogEntry entry = store.get(id);
        if (entry == null || !type.isInstance(entry.getEntity())) {
            return Optional.empty();
        }
        return Optional.of(type.cast(entry.getEntity()));
    }
}
