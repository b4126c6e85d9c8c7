package io.riberry.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InputType;
import io.riberry.schema.InstanceScheduleDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

    @Test
    void shouldReadTheShippedDemoCatalog() {
        final Map<String, CatalogEntry> entries = CatalogFile.read(Path.of("..", "config", "catalog.yaml"));

        assertThat(entries).containsKeys("application:demo", "instance:demo-local", "form:hello", "form:fail", "form:report", "form:sleepy",
                "instance:demo-bench", "form:bench-report",
                "application:bench", "instance:bench-local", "form:bench-progress", "instance:bench-artifacts", "form:bench-artifact");
        final FormDefinition hello = (FormDefinition) entries.get("form:hello").getEntity();
        assertThat(hello.getInstance()).isEqualTo("demo-local");
        assertThat(hello.getInputs()).singleElement().satisfies(input -> {
            assertThat(input.getName()).isEqualTo("name");
            assertThat(input.getRequired()).isTrue();
            assertThat(input.getType()).isEqualTo(InputType.TEXT);
        });
        assertThat(CatalogFile.instances(entries)).containsExactly("demo-local", "demo-sleepy", "demo-bench", "bench-local", "bench-artifacts");
        assertThat(((FormDefinition) entries.get("form:bench-report").getEntity()).getInstance()).isEqualTo("demo-bench");
        final InstanceScheduleDefinition limit = (InstanceScheduleDefinition) entries.get("instance-schedule:demo-sleepy:two-at-a-time").getEntity();
        assertThat(limit.getParameter()).isEqualTo("limit");
        assertThat(limit.getValue()).isEqualTo("2");
        final InstanceScheduleDefinition evening = (InstanceScheduleDefinition) entries.get("instance-schedule:demo-local:evening-greeting").getEntity();
        assertThat(evening.getTimezone()).isEqualTo("Europe/London");
        assertThat(evening.getPriority()).isEqualTo(100);
        final JobScheduleDefinition cron = (JobScheduleDefinition) entries.get("job-schedule:minutely-hello").getEntity();
        assertThat(cron.getForm()).isEqualTo("hello");
        assertThat(cron.getLimit()).isEqualTo(5);
        assertThat(cron.getInputs()).containsEntry("name", "the scheduler");
    }

    @Test
    void shouldReadSchedulesWithRiberrysDefaults() {
        final Map<String, CatalogEntry> entries = read("""
                applications:
                  - name: a
                    instances:
                      - name: i
                        schedules:
                          - {parameter: accept, value: N, days: "sat,sun"}
                    forms:
                      - name: f
                        instance: i
                        schedules:
                          - {name: nightly, cron: "0 2 * * *", timezone: Europe/Paris, runWhenOnline: false}
                """);
        final InstanceScheduleDefinition weekend = (InstanceScheduleDefinition) entries.get("instance-schedule:i:accept-1").getEntity();
        assertThat(weekend.getDays()).isEqualTo("sat,sun");
        assertThat(weekend.getStartTime()).isEqualTo("00:00:00");
        assertThat(weekend.getEndTime()).isEqualTo("23:59:59");
        assertThat(weekend.getTimezone()).isEqualTo("UTC");
        assertThat(weekend.getPriority()).isEqualTo(64);
        final JobScheduleDefinition nightly = (JobScheduleDefinition) entries.get("job-schedule:nightly").getEntity();
        assertThat(nightly.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(nightly.getRunWhenOnline()).isFalse();
        assertThat(nightly.getEnabled()).isTrue();
        assertThat(nightly.getLimit()).isZero();
    }

    @Test
    void shouldRefuseABadScheduleAtImportWithTheReason() {
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    instances:\n      - name: i\n        schedules:\n"
                + "          - {parameter: limit, value: 2, days: someday}\n"))
                .hasMessageContaining("schedule of instance i: days \"someday\"");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    instances:\n      - name: i\n        schedules:\n"
                + "          - {parameter: limit, value: 2, priority: 300}\n"))
                .hasMessageContaining("priority must be 1-255, not 300");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    forms:\n      - name: f\n        instance: i\n        schedules:\n"
                + "          - {name: s, cron: \"99 * * * *\"}\n"))
                .hasMessageContaining("schedule of form f s: cron \"99 * * * *\": minute 99 is not within 0-59");
    }

    @Test
    void shouldNameWhatIsWrongWithABadCatalog() {
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    forms:\n      - name: f\n"))
                .hasMessageContaining("form f needs a instance");
        assertThatThrownBy(() -> read("forms: []\n")).hasMessageContaining("must have a list of applications");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    instances: [{name: i}, {name: i}]\n"))
                .hasMessageContaining("instance:i is declared twice");
        assertThatThrownBy(() -> read("applications:\n  - name: a\n    forms:\n      - {name: f, instance: i, inputs: [{name: x, type: color}]}\n"))
                .hasMessageContaining("input type must be text, number, boolean or enum, not color");
    }

    private static Map<String, CatalogEntry> read(final String yaml) {
        return CatalogFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
