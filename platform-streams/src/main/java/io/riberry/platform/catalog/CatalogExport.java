package io.riberry.platform.catalog;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A published catalog written back as a catalog file, in the format {@link CatalogFile} reads:
 * applications by name, each with its instances (and their schedules) and forms (and their cron
 * schedules), then the groups by name. Importing the file into the catalog it came from changes
 * nothing.
 *
 * <p>The file nests everything under its application, so an entity whose application, instance
 * or form is missing from the catalog cannot be written; it is left out and named in
 * {@link #leftOut()}, as is a group's grant of a form the catalog lacks.
 *
 * <p>Groups are written only with the whole catalog, and only if there is any: a file with a
 * {@code groups:} list defines every group, which a team's file of its own applications must not.
 */
public record CatalogExport(String yaml, List<String> applications, List<String> groups, int entities, List<String> leftOut) {

    private static final String HEADER = "# The published catalog, written by `riberry catalog export` in the format `riberry catalog import` reads.\n";

    public CatalogExport {
        applications = List.copyOf(applications);
        groups = List.copyOf(groups);
        leftOut = List.copyOf(leftOut);
    }

    /** All of {@code catalog}, or only the applications named (every one must exist). */
    public static CatalogExport of(final Map<String, CatalogEntry> catalog, final Collection<String> onlyApplications) {
        final Index index = new Index(catalog);
        final Set<String> names = onlyApplications.isEmpty() ? index.applications.keySet() : new TreeSet<>(onlyApplications);
        final List<String> missing = names.stream().filter(name -> !index.applications.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no application " + String.join(", ", missing.stream().map(n -> "\"" + n + "\"").toList())
                    + " in the published catalog (it has " + String.join(", ", index.applications.keySet()) + ")");
        }
        final List<Map<String, Object>> applications = new ArrayList<>();
        int entities = 0;
        for (String name : names) {
            applications.add(index.application(name));
            entities += index.count(name);
        }
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("applications", applications);
        final List<String> leftOut = new ArrayList<>();
        final List<String> groups = new ArrayList<>();
        if (onlyApplications.isEmpty()) {
            leftOut.addAll(index.leftOut(catalog));
            final List<Map<String, Object>> groupList = index.groups(catalog, leftOut);
            groupList.forEach(group -> groups.add((String) group.get("name")));
            entities += groupList.size();
            if (!groupList.isEmpty()) {
                root.put("groups", groupList);
            }
        }
        return new CatalogExport(HEADER + dumper().dump(root), List.copyOf(names), groups, entities, leftOut);
    }

    private static Yaml dumper() {
        final DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        // The layout of config/catalog.yaml: list items indented under their key.
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options);
    }

    /** The catalog grouped by owner, each group sorted by name. */
    private static final class Index {

        private final Map<String, ApplicationDefinition> applications = new TreeMap<>();
        private final Map<String, List<InstanceDefinition>> instances = new TreeMap<>();
        private final Map<String, List<CatalogEntry>> instanceSchedules = new TreeMap<>();
        private final Map<String, List<FormDefinition>> forms = new TreeMap<>();
        private final Map<String, List<JobScheduleDefinition>> jobSchedules = new TreeMap<>();
        private final Map<String, GroupDefinition> groups = new TreeMap<>();

        Index(final Map<String, CatalogEntry> catalog) {
            // Sorted by id, so each group below comes out sorted by name.
            new TreeMap<>(catalog).values().forEach(entry -> {
                final Object entity = entry.getEntity();
                if (entity instanceof ApplicationDefinition application) {
                    applications.put(application.getName(), application);
                } else if (entity instanceof InstanceDefinition instance) {
                    instances.computeIfAbsent(instance.getApplication(), k -> new ArrayList<>()).add(instance);
                } else if (entity instanceof InstanceScheduleDefinition schedule) {
                    instanceSchedules.computeIfAbsent(schedule.getInstance(), k -> new ArrayList<>()).add(entry);
                } else if (entity instanceof FormDefinition form) {
                    forms.computeIfAbsent(form.getApplication(), k -> new ArrayList<>()).add(form);
                } else if (entity instanceof JobScheduleDefinition schedule) {
                    jobSchedules.computeIfAbsent(schedule.getForm(), k -> new ArrayList<>()).add(schedule);
                } else if (entity instanceof GroupDefinition group) {
                    groups.put(group.getName(), group);
                }
            });
        }

        Map<String, Object> application(final String name) {
            final Map<String, Object> application = CatalogFields.application(applications.get(name), CatalogFields.Detail.FILE);
            final List<Map<String, Object>> instanceList = new ArrayList<>();
            for (InstanceDefinition instance : instances.getOrDefault(name, List.of())) {
                final Map<String, Object> fields = CatalogFields.instance(instance, CatalogFields.Detail.FILE);
                final List<Map<String, Object>> schedules = instanceSchedules.getOrDefault(instance.getName(), List.of()).stream()
                        .map(entry -> CatalogFields.of(entry, CatalogFields.Detail.FILE)).toList();
                putIfAny(fields, "schedules", schedules);
                instanceList.add(fields);
            }
            final List<Map<String, Object>> formList = new ArrayList<>();
            for (FormDefinition form : forms.getOrDefault(name, List.of())) {
                final Map<String, Object> fields = CatalogFields.form(form, CatalogFields.Detail.FILE);
                final List<Map<String, Object>> schedules = jobSchedules.getOrDefault(form.getName(), List.of()).stream()
                        .sorted(Comparator.comparing(JobScheduleDefinition::getName))
                        .map(schedule -> CatalogFields.jobSchedule(schedule, CatalogFields.Detail.FILE)).toList();
                putIfAny(fields, "schedules", schedules);
                formList.add(fields);
            }
            putIfAny(application, "instances", instanceList);
            putIfAny(application, "forms", formList);
            return application;
        }

        /** Every group, without its grants of forms the catalog lacks (each named in {@code leftOut}): import would refuse them. */
        List<Map<String, Object>> groups(final Map<String, CatalogEntry> catalog, final List<String> leftOut) {
            final List<Map<String, Object>> groupList = new ArrayList<>();
            for (GroupDefinition group : groups.values()) {
                final List<FormGrant> grants = new ArrayList<>();
                for (FormGrant grant : group.getForms()) {
                    if (catalog.get(CatalogView.formId(grant.getForm())) != null) {
                        grants.add(grant);
                    } else {
                        leftOut.add(CatalogView.groupId(group.getName()) + ": its grant of form \"" + grant.getForm()
                                + "\", which is not in the catalog");
                    }
                }
                groupList.add(CatalogFields.group(GroupDefinition.newBuilder(group).setForms(grants).build(), CatalogFields.Detail.FILE));
            }
            return groupList;
        }

        /** How many entities the application's part of the file holds. */
        int count(final String name) {
            int count = 1;
            for (InstanceDefinition instance : instances.getOrDefault(name, List.of())) {
                count += 1 + instanceSchedules.getOrDefault(instance.getName(), List.of()).size();
            }
            for (FormDefinition form : forms.getOrDefault(name, List.of())) {
                count += 1 + jobSchedules.getOrDefault(form.getName(), List.of()).size();
            }
            return count;
        }

        /** Entities the file cannot hold, each with the reason. */
        List<String> leftOut(final Map<String, CatalogEntry> catalog) {
            final List<String> leftOut = new ArrayList<>();
            new TreeMap<>(catalog).forEach((id, entry) -> {
                final Object entity = entry.getEntity();
                if (entity instanceof InstanceDefinition instance && !applications.containsKey(instance.getApplication())) {
                    leftOut.add(id + ": its application \"" + instance.getApplication() + "\" is not in the catalog");
                } else if (entity instanceof FormDefinition form && !applications.containsKey(form.getApplication())) {
                    leftOut.add(id + ": its application \"" + form.getApplication() + "\" is not in the catalog");
                } else if (entity instanceof InstanceScheduleDefinition schedule && !written(catalog, CatalogView.instanceId(schedule.getInstance()))) {
                    leftOut.add(id + ": its instance \"" + schedule.getInstance() + "\" is not in the file");
                } else if (entity instanceof JobScheduleDefinition schedule && !written(catalog, CatalogView.formId(schedule.getForm()))) {
                    leftOut.add(id + ": its form \"" + schedule.getForm() + "\" is not in the file");
                }
            });
            return leftOut;
        }

        /** Whether an instance or form is in the file: it is, if its application is. */
        private boolean written(final Map<String, CatalogEntry> catalog, final String id) {
            final CatalogEntry entry = catalog.get(id);
            if (entry == null) {
                return false;
            }
            final Object entity = entry.getEntity();
            final String application = entity instanceof InstanceDefinition instance ? instance.getApplication()
                    : entity instanceof FormDefinition form ? form.getApplication() : null;
            return application != null && applications.containsKey(application);
        }

        private static void putIfAny(final Map<String, Object> fields, final String key, final List<Map<String, Object>> values) {
            if (!values.isEmpty()) {
                fields.put(key, values);
            }
        }
    }
}
