package io.riberry.platform.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import io.riberry.platform.schedule.CronExpression;
import io.riberry.platform.schedule.ScheduleWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the catalog YAML a user edits ({@code config/catalog.yaml}): applications, their
 * instances (with the schedules of their dynamic parameters) and forms (with their cron job
 * schedules). Answers the catalog entries keyed by entity id, in file order.
 */
public final class CatalogFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CatalogFile() {
    }

    public static Map<String, CatalogEntry> read(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a catalog from {@code in}; {@code source} names it in error messages. */
    public static Map<String, CatalogEntry> read(final InputStream in, final String source) {
        final JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read catalog " + source + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("applications").isArray()) {
            throw new IllegalArgumentException("Catalog " + source + " must have a list of applications");
        }
        final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (JsonNode application : root.get("applications")) {
            final String appName = required(application, "name", "application");
            put(entries, CatalogView.applicationId(appName), ApplicationDefinition.newBuilder()
                    .setName(appName)
                    .setDescription(application.path("description").asText(""))
                    .setType(application.path("type").asText(""))
                    .setEnabled(application.path("enabled").asBoolean(true))
                    .build());
            for (JsonNode instance : application.path("instances")) {
                final String instanceName = required(instance, "name", "instance of " + appName);
                put(entries, CatalogView.instanceId(instanceName), new InstanceDefinition(instanceName, appName));
                int index = 0;
                for (JsonNode schedule : instance.path("schedules")) {
                    index++;
                    final InstanceScheduleDefinition definition = instanceSchedule(schedule, instanceName);
                    final String name = schedule.path("name").asText(definition.getParameter() + "-" + index);
                    put(entries, CatalogView.instanceScheduleId(instanceName, name), definition);
                }
            }
            for (JsonNode form : application.path("forms")) {
                final FormDefinition definition = form(form, appName);
                put(entries, CatalogView.formId(definition.getName()), definition);
                for (JsonNode schedule : form.path("schedules")) {
                    final JobScheduleDefinition jobSchedule = jobSchedule(schedule, definition.getName());
                    put(entries, CatalogView.jobScheduleId(jobSchedule.getName()), jobSchedule);
                }
            }
        }
        return entries;
    }

    private static FormDefinition form(final JsonNode form, final String application) {
        final String name = required(form, "name", "form of " + application);
        final List<InputDefinition> inputs = new ArrayList<>();
        for (JsonNode input : form.path("inputs")) {
            final List<String> enumValues = new ArrayList<>();
            input.path("values").forEach(v -> enumValues.add(v.asText()));
            inputs.add(InputDefinition.newBuilder()
                    .setName(required(input, "name", "input of form " + name))
                    .setType(inputType(input.path("type").asText("text"), name))
                    .setRequired(input.path("required").asBoolean(false))
                    .setMultiple(input.path("multiple").asBoolean(false))
                    .setDefaultValue(input.hasNonNull("default") ? input.get("default").asText() : null)
                    .setEnumValues(enumValues)
                    .setDescription(input.path("description").asText(""))
                    .build());
        }
        final List<InputFileDefinition> files = new ArrayList<>();
        for (JsonNode file : form.path("files")) {
            files.add(InputFileDefinition.newBuilder()
                    .setName(required(file, "name", "file input of form " + name))
                    .setRequired(file.path("required").asBoolean(false))
                    .setAccept(file.hasNonNull("accept") ? file.get("accept").asText() : null)
                    .setMaxBytes(file.path("maxBytes").asLong(10L * 1024 * 1024))
                    .build());
        }
        return FormDefinition.newBuilder()
                .setName(name)
                .setApplication(application)
                .setInstance(required(form, "instance", "form " + name))
                .setDescription(form.path("description").asText(""))
                .setVersion(form.path("version").asInt(1))
                .setEnabled(form.path("enabled").asBoolean(true))
                .setInputs(inputs)
                .setFiles(files)
                .setJsonSchema(form.hasNonNull("jsonSchema") ? form.get("jsonSchema").toString() : null)
                .build();
    }

    /** A dynamic parameter's time window; checked here, so a bad one is refused at import, not skipped at run time. */
    private static InstanceScheduleDefinition instanceSchedule(final JsonNode schedule, final String instance) {
        final String what = "schedule of instance " + instance;
        final InstanceScheduleDefinition definition = InstanceScheduleDefinition.newBuilder()
                .setInstance(instance)
                .setParameter(required(schedule, "parameter", what))
                .setValue(required(schedule, "value", what))
                .setDays(schedule.path("days").asText("*"))
                .setStartTime(schedule.path("start").asText("00:00:00"))
                .setEndTime(schedule.path("end").asText("23:59:59"))
                .setTimezone(schedule.path("timezone").asText("UTC"))
                .setPriority(schedule.path("priority").asInt(64))
                .build();
        if (definition.getPriority() < 1 || definition.getPriority() > 255) {
            throw new IllegalArgumentException("Catalog: " + what + ": priority must be 1-255, not " + definition.getPriority());
        }
        try {
            ScheduleWindow.of(definition);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Catalog: " + what + ": " + e.getMessage(), e);
        }
        return definition;
    }

    /** A cron job schedule of a form; its expression and zone are checked here. */
    private static JobScheduleDefinition jobSchedule(final JsonNode schedule, final String form) {
        final String what = "schedule of form " + form;
        final Map<String, String> inputs = new LinkedHashMap<>();
        schedule.path("inputs").fields().forEachRemaining(input -> inputs.put(input.getKey(), input.getValue().asText()));
        final JobScheduleDefinition definition = JobScheduleDefinition.newBuilder()
                .setName(required(schedule, "name", what))
                .setForm(form)
                .setCron(required(schedule, "cron", what))
                .setTimezone(schedule.path("timezone").asText("UTC"))
                .setEnabled(schedule.path("enabled").asBoolean(true))
                .setLimit(schedule.path("limit").asInt(0))
                .setRunWhenOnline(schedule.path("runWhenOnline").asBoolean(true))
                .setInputs(inputs)
                .setPriority(schedule.path("priority").asInt(64))
                .build();
        try {
            CronExpression.parse(definition.getCron(), definition.getTimezone());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Catalog: " + what + " " + definition.getName() + ": " + e.getMessage(), e);
        }
        return definition;
    }

    private static InputType inputType(final String type, final String form) {
        try {
            return InputType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Form " + form + ": input type must be text, number, boolean or enum, not " + type);
        }
    }

    private static String required(final JsonNode node, final String field, final String what) {
        final String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Catalog: " + what + " needs a " + field);
        }
        return value;
    }

    private static void put(final Map<String, CatalogEntry> entries, final String id, final Object entity) {
        if (entries.containsKey(id)) {
            throw new IllegalArgumentException("Catalog: " + id + " is declared twice");
        }
        entries.put(id, new CatalogEntry(id, entity));
    }

    /** Instance names of a catalog, e.g. to create their dispatch topics. */
    public static List<String> instances(final Map<String, CatalogEntry> entries) {
        return entries.values().stream()
                .filter(e -> e.getEntity() instanceof InstanceDefinition)
                .map(e -> ((InstanceDefinition) e.getEntity()).getName())
                .toList();
    }
}
