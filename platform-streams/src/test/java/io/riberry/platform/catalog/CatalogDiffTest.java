package io.riberry.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.testing.Catalogs;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {

    @Test
    void shouldListWhatIsAddedModifiedAndDeleted() {
        final Map<String, CatalogEntry> current = Catalogs.demo();
        final Map<String, CatalogEntry> wanted = new LinkedHashMap<>(current);
        wanted.remove("form:fail");
        final FormDefinition hello = FormDefinition.newBuilder((FormDefinition) current.get("form:hello").getEntity())
                .setDescription("Greets, politely").build();
        wanted.put("form:hello", new CatalogEntry("form:hello", hello));
        wanted.put("form:bye", new CatalogEntry("form:bye", Catalogs.form("bye", List.of())));

        final CatalogDiff diff = CatalogDiff.between(current, wanted);

        assertThat(diff.added()).containsExactly("form:bye");
        assertThat(diff.modified()).containsExactly("form:hello");
        assertThat(diff.deleted()).containsExactly("form:fail");
        final Map<String, CatalogEntry> records = diff.records(wanted);
        assertThat(records).containsKeys("form:bye", "form:hello", "form:fail");
        assertThat(records.get("form:fail")).as("a delete is a tombstone").isNull();
    }

    @Test
    void shouldShowEachChangedFieldBeforeAndAfterUnderTheFilesKeys() {
        final Map<String, CatalogEntry> current = CatalogYamls.published("""
                applications:
                  - name: a
                    instances:
                      - name: i
                        schedules:
                          - {name: evening, parameter: greeting, value: Good evening, start: "18:00"}
                    forms:
                      - name: f
                        instance: i
                        inputs:
                          - {name: n, type: text}
                        schedules:
                          - {name: s, cron: "0 * * * *", inputs: {n: one}}
                """);
        final Map<String, CatalogEntry> wanted = CatalogYamls.published("""
                applications:
                  - name: a
                    instances:
                      - name: i
                        schedules:
                          - {name: evening, parameter: greeting, value: Good night, start: "19:00", priority: 100}
                    forms:
                      - name: f
                        instance: i
                        enabled: false
                        inputs:
                          - {name: n, type: enum, values: [one, two]}
                          - {name: m, default: ""}
                        jsonSchema: {type: object}
                        schedules:
                          - {name: s, cron: "0 * * * *", inputs: {n: two}}
                """);

        final CatalogDiff diff = CatalogDiff.between(current, wanted);

        assertThat(diff.modified()).containsExactlyInAnyOrder("form:f", "instance-schedule:i:evening", "job-schedule:s");
        assertThat(diff.changesOf("instance-schedule:i:evening")).extracting(FieldChange::toString).containsExactly(
                "value: \"Good evening\" -> \"Good night\"", "start: \"18:00\" -> \"19:00\"", "priority: 64 -> 100");
        assertThat(diff.changesOf("form:f")).extracting(FieldChange::toString).containsExactly(
                "enabled: true -> false",
                "inputs[0].type: \"text\" -> \"enum\"",
                "inputs[0].values: [] -> [\"one\", \"two\"]",
                "inputs[1]: (not set) -> {name: \"m\", type: \"text\", required: false, multiple: false, default: \"\", values: [], description: \"\"}",
                "jsonSchema: (not set) -> {type: \"object\"}");
        assertThat(diff.changesOf("job-schedule:s")).extracting(FieldChange::toString).containsExactly("inputs.n: \"one\" -> \"two\"");
    }

    @Test
    void shouldFindNothingToDoWhenTheFileMatches() {
        assertThat(CatalogDiff.between(Catalogs.demo(), Catalogs.demo()).isEmpty()).isTrue();
    }
}
