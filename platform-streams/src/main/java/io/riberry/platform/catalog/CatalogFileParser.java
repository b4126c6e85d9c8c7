package io.riberry.platform.catalog;

import io.riberry.platform.schedule.CronExpression;
import io.riberry.platform.schedule.ScheduleWindow;
import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.InputFileDefinition;
import io.riberry.schema.InputType;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a catalog file into entries, checking as it goes: unknown keys, values of the wrong type,
 * missing names, bad schedules, entities declared twice and forms naming an instance their own
 * application does not declare; its groups are read by {@link GroupsSection}. Every problem is kept
 * with its line, column and path, and reading goes on, so one run reports them all.
 */
final class CatalogFileParser {

    static final Set<String> ROOT_KEYS = Set.of("applications", "groups");
    static final Set<String> APPLICATION_KEYS = Set.of("name", "description", "type", "enabled", "instances", "forms");
    static final Set<String> INSTANCE_KEYS = Set.of("name", "schedules");
    static final Set<String> INSTANCE_SCHEDULE_KEYS = Set.of("name", "parameter", "value", "days", "start", "end", "timezone", "priority");
    static final Set<String> FORM_KEYS = Set.of("name", "instance", "description", "version", "enabled", "inputs", "files", "jsonSchema",
            "schedules");
    static final Set<String> INPUT_KEYS = Set.of("name", "type", "required", "multiple", "default", "values", "description");
    static final Set<String> FILE_KEYS = Set.of("name", "required", "accept", "maxBytes");
    static final Set<String> JOB_SCHEDULE_KEYS = Set.of("name", "cron", "timezone", "enabled", "limit", "runWhenOnline", "inputs",
            "priority");

    /** A form's instance, checked once the whole file is read: the instance may come after the form. */
    private record InstanceReference(String form, String application, String instance, FileLocation location) {
    }

    private final Problems problems;
    private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    private final Map<String, FileLocation> locations = new HashMap<>();
    private final Map<String, FileLocation> applications = new LinkedHashMap<>();
    private final Map<String, String> instanceApplications = new HashMap<>();
    private final List<InstanceReference> references = new ArrayList<>();
    /** Every form the file declares, even one with problems: a group granting it must not add a problem of its own. */
    private final Set<String> declaredForms = new HashSet<>();
    private final List<CatalogDocument.Grant> externalGrants = new ArrayList<>();
    private boolean definesGroups;

    private CatalogFileParser(final String source) {
        this.problems = new Problems(source);
    }

    static CatalogDocument parse(final Reader reader, final String source) {
        final CatalogFileParser parser = new CatalogFileParser(source);
        parser.document(reader);
        return new CatalogDocument(source, parser.entries, parser.locations, parser.applications, parser.definesGroups,
                parser.externalGrants, parser.problems.inFileOrder());
    }

    private void document(final Reader reader) {
        final Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            problems.add(FileLocation.of(e.getProblemMark(), ""), "not valid YAML: " + e.getProblem());
            return;
        } catch (YAMLException e) {
            problems.add(FileLocation.START, "not valid YAML: " + e.getMessage());
            return;
        }
        if (root == null) {
            problems.add(FileLocation.START, "the file is empty; a catalog is a mapping with a list of applications");
            return;
        }
        YamlMapping.read(root, "", "a catalog", ROOT_KEYS, problems).ifPresent(catalog -> {
            if (catalog.value("applications").isEmpty() && !catalog.keys().contains("groups")) {
                catalog.problem("applications", "\"applications\" is required: a catalog is a list of applications");
            }
            catalog.list("applications").forEach(this::application);
            groups(catalog);
        });
        references.forEach(this::checkInstance);
    }

    /**
     * A file with a {@code groups:} list defines every group (an import deletes those it lacks), so
     * an empty value must be written {@code []}: a bare {@code groups:} is refused rather than read
     * as "delete them all".
     */
    private void groups(final YamlMapping catalog) {
        if (!catalog.keys().contains("groups")) {
            return;
        }
        if (catalog.value("groups").isEmpty()) {
            catalog.problemWithKey("groups", "\"groups\" has no value: list the groups, or write groups: [] to delete every group");
            return;
        }
        definesGroups = true;
        new GroupsSection(problems, this::register).read(catalog).stream()
                .filter(grant -> !declaredForms.contains(grant.form()))
                .forEach(externalGrants::add);
    }

    private void application(final YamlMapping.Item item) {
        YamlMapping.read(item.node(), item.path(), "an application", APPLICATION_KEYS, problems).ifPresent(application -> {
            final int before = problems.count();
            final Optional<String> name = application.required("name");
            final ApplicationDefinition definition = ApplicationDefinition.newBuilder()
                    .setName(name.orElse(""))
                    .setDescription(application.text("description", ""))
                    .setType(application.text("type", ""))
                    .setEnabled(application.bool("enabled", true))
                    .build();
            if (name.isEmpty()) {
                // Without a name nothing in it can be owned; its contents are still checked for problems.
                application.list("instances").forEach(instance -> instance(instance, null));
                application.list("forms").forEach(form -> form(form, null));
                return;
            }
            // The file defines the application even if a field of it is wrong: its import scope must not shrink, or its
            // instances and forms would read as another application's.
            applications.putIfAbsent(name.get(), application.location());
            if (problems.count() == before) {
                register(CatalogView.applicationId(name.get()), definition, application.location());
            }
            application.list("instances").forEach(instance -> instance(instance, name.get()));
            application.list("forms").forEach(form -> form(form, name.get()));
        });
    }

    private void instance(final YamlMapping.Item item, final String application) {
        YamlMapping.read(item.node(), item.path(), "an instance", INSTANCE_KEYS, problems).ifPresent(instance -> {
            final Optional<String> name = instance.required("name");
            if (name.isPresent() && application != null
                    && register(CatalogView.instanceId(name.get()), new InstanceDefinition(name.get(), application), instance.location())) {
                instanceApplications.put(name.get(), application);
            }
            int index = 0;
            for (YamlMapping.Item schedule : instance.list("schedules")) {
                index++;
                instanceSchedule(schedule, name.orElse(null), index);
            }
        });
    }

    /** A dynamic parameter's time window; checked here, so a bad one is refused at import, not skipped at run time. */
    private void instanceSchedule(final YamlMapping.Item item, final String instance, final int index) {
        YamlMapping.read(item.node(), item.path(), "a schedule", INSTANCE_SCHEDULE_KEYS, problems).ifPresent(schedule -> {
            final int before = problems.count();
            final Optional<String> parameter = schedule.required("parameter");
            final Optional<String> value = schedule.required("value");
            final InstanceScheduleDefinition definition = InstanceScheduleDefinition.newBuilder()
                    .setInstance(instance == null ? "" : instance)
                    .setParameter(parameter.orElse(""))
                    .setValue(value.orElse(""))
                    .setDays(schedule.text("days", "*"))
                    .setStartTime(schedule.text("start", "00:00:00"))
                    .setEndTime(schedule.text("end", "23:59:59"))
                    .setTimezone(schedule.text("timezone", "UTC"))
                    .setPriority(schedule.integer("priority", 64, 1, 255))
                    .build();
            final Optional<String> name = schedule.value("name").isPresent() ? schedule.required("name")
                    : parameter.map(p -> p + "-" + index);
            if (problems.count() > before) {
                return;
            }
            try {
                ScheduleWindow.of(definition);
            } catch (IllegalArgumentException e) {
                schedule.problem(windowKey(e.getMessage()), e.getMessage());
                return;
            }
            if (instance != null && name.isPresent()) {
                register(CatalogView.instanceScheduleId(instance, name.get()), definition, schedule.location());
            }
        });
    }

    private void form(final YamlMapping.Item item, final String application) {
        YamlMapping.read(item.node(), item.path(), "a form", FORM_KEYS, problems).ifPresent(form -> {
            final int before = problems.count();
            final Optional<String> name = form.required("name");
            final Optional<String> instance = form.required("instance");
            name.ifPresent(declaredForms::add);
            final FormDefinition.Builder definition = FormDefinition.newBuilder()
                    .setName(name.orElse(""))
                    .setApplication(application == null ? "" : application)
                    .setInstance(instance.orElse(""))
                    .setDescription(form.text("description", ""))
                    .setVersion(form.integer("version", 1, Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .setEnabled(form.bool("enabled", true))
                    .setInputs(inputs(form))
                    .setFiles(files(form))
                    .setJsonSchema(jsonSchema(form));
            if (problems.count() == before && application != null) {
                register(CatalogView.formId(name.get()), definition.build(), form.location());
            }
            if (name.isPresent() && instance.isPresent() && application != null) {
                // Checked even for a form with other problems, so that one run reports them all.
                references.add(new InstanceReference(name.get(), application, instance.get(), form.location("instance")));
            }
            form.list("schedules").forEach(schedule -> jobSchedule(schedule, name.orElse(null)));
        });
    }

    private List<InputDefinition> inputs(final YamlMapping form) {
        final List<InputDefinition> inputs = new ArrayList<>();
        final Map<String, FileLocation> names = new HashMap<>();
        for (YamlMapping.Item item : form.list("inputs")) {
            YamlMapping.read(item.node(), item.path(), "an input", INPUT_KEYS, problems).ifPresent(input -> {
                final Optional<String> name = input.required("name");
                name.ifPresent(n -> unique(names, n, "input", input));
                inputs.add(InputDefinition.newBuilder()
                        .setName(name.orElse(""))
                        .setType(inputType(input))
                        .setRequired(input.bool("required", false))
                        .setMultiple(input.bool("multiple", false))
                        .setDefaultValue(input.text("default").orElse(null))
                        .setEnumValues(input.texts("values"))
                        .setDescription(input.text("description", ""))
                        .build());
            });
        }
        return inputs;
    }

    private InputType inputType(final YamlMapping input) {
        final String type = input.text("type", "text");
        try {
            return InputType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            input.problem("type", "input type must be text, number, boolean or enum, not \"" + type + "\"");
            return InputType.TEXT;
        }
    }

    private List<InputFileDefinition> files(final YamlMapping form) {
        final List<InputFileDefinition> files = new ArrayList<>();
        final Map<String, FileLocation> names = new HashMap<>();
        for (YamlMapping.Item item : form.list("files")) {
            YamlMapping.read(item.node(), item.path(), "a file input", FILE_KEYS, problems).ifPresent(file -> {
                final Optional<String> name = file.required("name");
                name.ifPresent(n -> unique(names, n, "file input", file));
                files.add(InputFileDefinition.newBuilder()
                        .setName(name.orElse(""))
                        .setRequired(file.bool("required", false))
                        .setAccept(file.text("accept").orElse(null))
                        .setMaxBytes(file.whole("maxBytes", 10L * 1024 * 1024, 1, Long.MAX_VALUE))
                        .build());
            });
        }
        return files;
    }

    private void unique(final Map<String, FileLocation> names, final String name, final String what, final YamlMapping declared) {
        final FileLocation first = names.putIfAbsent(name, declared.location());
        if (first != null) {
            declared.problem("name", what + " \"" + name + "\" is declared twice in this form (first at " + first.position() + ")");
        }
    }

    /** Written as YAML or JSON (a mapping); kept as JSON text, which is what the job validator reads. */
    private String jsonSchema(final YamlMapping form) {
        final Optional<Node> schema = form.value("jsonSchema");
        if (schema.isEmpty()) {
            return null;
        }
        if (!(schema.get() instanceof MappingNode)) {
            form.problem("jsonSchema", "expected a JSON Schema object (a mapping), not " + YamlMapping.describe(schema.get()));
            return null;
        }
        try {
            return YamlJson.of(schema.get()).toString();
        } catch (IllegalArgumentException e) {
            form.problem("jsonSchema", e.getMessage());
            return null;
        }
    }

    /** A cron job schedule of a form; its expression and zone are checked here. */
    private void jobSchedule(final YamlMapping.Item item, final String form) {
        YamlMapping.read(item.node(), item.path(), "a schedule", JOB_SCHEDULE_KEYS, problems).ifPresent(schedule -> {
            final int before = problems.count();
            final Optional<String> name = schedule.required("name");
            final Optional<String> cron = schedule.required("cron");
            final JobScheduleDefinition definition = JobScheduleDefinition.newBuilder()
                    .setName(name.orElse(""))
                    .setForm(form == null ? "" : form)
                    .setCron(cron.orElse(""))
                    .setTimezone(schedule.text("timezone", "UTC"))
                    .setEnabled(schedule.bool("enabled", true))
                    .setLimit(schedule.integer("limit", 0, 0, Integer.MAX_VALUE))
                    .setRunWhenOnline(schedule.bool("runWhenOnline", true))
                    .setInputs(schedule.textMap("inputs"))
                    .setPriority(schedule.integer("priority", 64, 1, 255))
                    .build();
            if (problems.count() > before) {
                return;
            }
            try {
                CronExpression.parse(definition.getCron(), definition.getTimezone());
            } catch (IllegalArgumentException e) {
                schedule.problem(e.getMessage().startsWith("unknown time zone") ? "timezone" : "cron", e.getMessage());
                return;
            }
            if (form != null) {
                register(CatalogView.jobScheduleId(name.get()), definition, schedule.location());
            }
        });
    }

    /** Which key of an instance schedule {@link ScheduleWindow}'s reason is about, to point at its value. */
    private static String windowKey(final String reason) {
        for (String key : List.of("days", "start", "end")) {
            if (reason.startsWith(key + " ")) {
                return key;
            }
        }
        return "timezone";
    }

    private void checkInstance(final InstanceReference reference) {
        final String owner = instanceApplications.get(reference.instance());
        if (owner == null) {
            problems.add(reference.location(), "form \"" + reference.form() + "\" runs on instance \"" + reference.instance()
                    + "\", which application \"" + reference.application() + "\" does not declare in this file");
        } else if (!owner.equals(reference.application())) {
            problems.add(reference.location(), "form \"" + reference.form() + "\" of application \"" + reference.application()
                    + "\" runs on instance \"" + reference.instance() + "\" of application \"" + owner
                    + "\"; a form runs on an instance of its own application");
        }
    }

    /** Keeps an entity unless its id is taken; answers whether it was kept. */
    private boolean register(final String id, final Object entity, final FileLocation location) {
        final FileLocation first = locations.get(id);
        if (first != null) {
            problems.add(location, id + " is declared twice (first at " + first.position() + ")");
            return false;
        }
        entries.put(id, new CatalogEntry(id, entity));
        locations.put(id, location);
        return true;
    }
}
