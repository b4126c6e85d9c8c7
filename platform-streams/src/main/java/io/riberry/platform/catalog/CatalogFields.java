package io.riberry.platform.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.InputFileDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog entity as the fields of the catalog file, under the file's own keys ({@code start},
 * not {@code startTime}; {@code type: number}, not {@code NUMBER}). The inverse of
 * {@link CatalogFileParser} for one entity, without its nested entities: what export writes and
 * what the import's diff compares.
 */
final class CatalogFields {

    /** How much to write. */
    enum Detail {
        /** What a file needs: a value equal to its default is left out, and the owner is told by nesting. */
        FILE,
        /** Every field, defaults and owners included, so that a diff shows any change. */
        DIFF
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Detail detail;

    private CatalogFields(final Detail detail) {
        this.detail = detail;
    }

    static Map<String, Object> of(final CatalogEntry entry, final Detail detail) {
        final Object entity = entry.getEntity();
        if (entity instanceof ApplicationDefinition application) {
            return application(application, detail);
        }
        if (entity instanceof InstanceDefinition instance) {
            return instance(instance, detail);
        }
        if (entity instanceof InstanceScheduleDefinition schedule) {
            return instanceSchedule(instanceScheduleName(entry.getEntityId(), schedule), schedule, detail);
        }
        if (entity instanceof FormDefinition form) {
            return form(form, detail);
        }
        if (entity instanceof JobScheduleDefinition schedule) {
            return jobSchedule(schedule, detail);
        }
        if (entity instanceof GroupDefinition group) {
            return group(group, detail);
        }
        throw new IllegalArgumentException("Unknown kind of catalog entity: " + entry.getEntityId());
    }

    static Map<String, Object> application(final ApplicationDefinition application, final Detail detail) {
        return new CatalogFields(detail)
                .put("name", application.getName(), null)
                .put("description", application.getDescription(), "")
                .put("type", application.getType(), "")
                .put("enabled", application.getEnabled(), true)
                .fields;
    }

    static Map<String, Object> instance(final InstanceDefinition instance, final Detail detail) {
        return new CatalogFields(detail)
                .put("name", instance.getName(), null)
                .owner("application", instance.getApplication())
                .fields;
    }

    static Map<String, Object> instanceSchedule(final String name, final InstanceScheduleDefinition schedule, final Detail detail) {
        return new CatalogFields(detail)
                // Always written: the default name (parameter-N) depends on the schedule's position.
                .put("name", name, null)
                .put("parameter", schedule.getParameter(), null)
                .put("value", schedule.getValue(), null)
                .put("days", schedule.getDays(), "*")
                .put("start", schedule.getStartTime(), "00:00:00")
                .put("end", schedule.getEndTime(), "23:59:59")
                .put("timezone", schedule.getTimezone(), "UTC")
                .put("priority", schedule.getPriority(), 64)
                .fields;
    }

    static Map<String, Object> form(final FormDefinition form, final Detail detail) {
        final List<Map<String, Object>> inputs = new ArrayList<>();
        form.getInputs().forEach(input -> inputs.add(input(input, detail)));
        final List<Map<String, Object>> files = new ArrayList<>();
        form.getFiles().forEach(file -> files.add(file(file, detail)));
        return new CatalogFields(detail)
                .put("name", form.getName(), null)
                .owner("application", form.getApplication())
                .put("instance", form.getInstance(), null)
                .put("description", form.getDescription(), "")
                .put("version", form.getVersion(), 1)
                .put("enabled", form.getEnabled(), true)
                .put("inputs", inputs, List.of())
                .put("files", files, List.of())
                .put("jsonSchema", form.getJsonSchema() == null ? null : jsonSchema(form.getJsonSchema()), null)
                .fields;
    }

    static Map<String, Object> jobSchedule(final JobScheduleDefinition schedule, final Detail detail) {
        return new CatalogFields(detail)
                .put("name", schedule.getName(), null)
                .owner("form", schedule.getForm())
                .put("cron", schedule.getCron(), null)
                .put("timezone", schedule.getTimezone(), "UTC")
                .put("enabled", schedule.getEnabled(), true)
                .put("limit", schedule.getLimit(), 0)
                .put("runWhenOnline", schedule.getRunWhenOnline(), true)
                .put("inputs", new LinkedHashMap<>(schedule.getInputs()), Map.of())
                .put("priority", schedule.getPriority(), 64)
                .fields;
    }

    /** A group's forms are a mapping of form to role ({@code invoice: operator}), so a diff names the form whose role changes. */
    static Map<String, Object> group(final GroupDefinition group, final Detail detail) {
        final Map<String, Object> forms = new LinkedHashMap<>();
        group.getForms().forEach(grant -> forms.put(grant.getForm(), grant.getRole().name().toLowerCase(Locale.ROOT)));
        return new CatalogFields(detail)
                .put("name", group.getName(), null)
                .put("description", group.getDescription(), "")
                .put("members", new ArrayList<>(group.getMembers()), List.of())
                .put("forms", forms, Map.of())
                .put("administrators", group.getAdministrators(), false)
                .fields;
    }

    private static Map<String, Object> input(final InputDefinition input, final Detail detail) {
        return new CatalogFields(detail)
                .put("name", input.getName(), null)
                .put("type", input.getType().name().toLowerCase(Locale.ROOT), "text")
                .put("required", input.getRequired(), false)
                .put("multiple", input.getMultiple(), false)
                .put("default", input.getDefaultValue(), null)
                .put("values", new ArrayList<>(input.getEnumValues()), List.of())
                .put("description", input.getDescription(), "")
                .fields;
    }

    private static Map<String, Object> file(final InputFileDefinition file, final Detail detail) {
        return new CatalogFields(detail)
                .put("name", file.getName(), null)
                .put("required", file.getRequired(), false)
                .put("accept", file.getAccept(), null)
                .put("maxBytes", file.getMaxBytes(), 10L * 1024 * 1024)
                .fields;
    }

    /** The schedule's name: its id is {@code instance-schedule:INSTANCE:NAME}, and the instance's name may hold a colon too. */
    static String instanceScheduleName(final String id, final InstanceScheduleDefinition schedule) {
        return id.substring(CatalogView.instanceScheduleId(schedule.getInstance(), "").length());
    }

    /** A JSON Schema as plain maps and lists, so the file holds it as YAML; one that is not an object stays JSON text. */
    private static Object jsonSchema(final String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private CatalogFields put(final String key, final Object value, final Object defaultValue) {
        if (value == null || detail == Detail.FILE && Objects.equals(value, defaultValue)) {
            return this;
        }
        fields.put(key, value instanceof CharSequence text ? text.toString() : value);
        return this;
    }

    /** The entity's owner: in a file, nesting says it. */
    private CatalogFields owner(final String key, final String owner) {
        if (detail == Detail.DIFF) {
            fields.put(key, owner);
        }
        return this;
    }
}
