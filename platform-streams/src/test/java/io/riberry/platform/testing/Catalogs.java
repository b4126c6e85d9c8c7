package io.riberry.platform.testing;

import io.riberry.platform.store.CatalogView;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputDefinition;
import io.riberry.schema.InputType;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceScheduleDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo catalog of the tests: application demo, instance demo-local, forms hello (requires name) and fail. */
public final class Catalogs {

    public static final String APPLICATION = "demo";
    public static final String INSTANCE = "demo-local";
    public static final String BACKUP_INSTANCE = "demo-backup";

    private Catalogs() {
    }

    public static Map<String, CatalogEntry> demo() {
        final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        put(entries, CatalogView.applicationId(APPLICATION), ApplicationDefinition.newBuilder().setName(APPLICATION).build());
        put(entries, CatalogView.instanceId(INSTANCE), new InstanceDefinition(INSTANCE, APPLICATION));
        put(entries, CatalogView.formId("hello"), form("hello", List.of(InputDefinition.newBuilder()
                .setName("name").setType(InputType.TEXT).setRequired(true).build())));
        put(entries, CatalogView.formId("fail"), form("fail", List.of()));
        return entries;
    }

    /** The demo catalog plus a second instance of the demo application, {@code demo-backup}, running the form {@code backup-hello}. */
    public static Map<String, CatalogEntry> demoWithBackup() {
        final Map<String, CatalogEntry> entries = demo();
        put(entries, CatalogView.instanceId(BACKUP_INSTANCE), new InstanceDefinition(BACKUP_INSTANCE, APPLICATION));
        put(entries, CatalogView.formId("backup-hello"), FormDefinition.newBuilder(form("backup-hello", List.of()))
                .setInstance(BACKUP_INSTANCE).build());
        return entries;
    }

    /** A schedule of the demo instance giving {@code parameter} the value {@code value} all day, every day. */
    public static Map.Entry<String, CatalogEntry> allDay(final String name, final String parameter, final String value) {
        final String id = CatalogView.instanceScheduleId(INSTANCE, name);
        return Map.entry(id, new CatalogEntry(id, InstanceScheduleDefinition.newBuilder().setInstance(INSTANCE)
                .setParameter(parameter).setValue(value).build()));
    }

    public static FormDefinition form(final String name, final List<InputDefinition> inputs) {
        return FormDefinition.newBuilder().setName(name).setApplication(APPLICATION).setInstance(INSTANCE).setInputs(inputs).build();
    }

    private static void put(final Map<String, CatalogEntry> entries, final String id, final Object entity) {
        entries.put(id, new CatalogEntry(id, entity));
    }
}
