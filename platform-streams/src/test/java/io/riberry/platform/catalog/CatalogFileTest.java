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
import java.util.List;
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
    void shouldRefuseABadScheduleAtImportWithTheReasonAndWhereItIs() {
        assertThat(problems("""
                applications:
                  - name: a
                    instances:
                      - name: i
                        schedules:
                          - {parameter: limit, value: 2, days: someday}
                          - {parameter: limit, value: 2, priority: 300}
                    forms:
                      - name: f
                        instance: i
                        schedules:
                          - {name: s, cron: "99 * * * *"}
                          - {name: t, cron: "* * * * *", timezone: Mars/Olympus}
                """)).containsExactly(
                "test:6:48: applications[0].instances[0].schedules[0].days: days \"someday\": \"someday\" is not one of mon,tue,wed,thu,fri,sat,sun",
                "test:7:52: applications[0].instances[0].schedules[1].priority: must be 1-255, not 300",
                "test:12:29: applications[0].forms[0].schedules[0].cron: cron \"99 * * * *\": minute 99 is not within 0-59",
                "test:13:52: applications[0].forms[0].schedules[1].timezone: unknown time zone \"Mars/Olympus\"");
    }

    @Test
    void shouldReportEveryProblemAtOnceWithItsLineColumnAndPath() {
        final CatalogDocument document = parse("""
                applications:
                  - name: a
                    colour: blue
                    instances:
                      - name: i
                    forms:
                      - name: f
                        instance: i
                        enabled: maybe
                        inputs:
                          - {name: x, type: color}
                          - {name: y, required: yes please}
                      - name: g
                        instance: elsewhere
                        version: two
                """);

        assertThat(document.problems()).extracting(CatalogProblem::toString).containsExactly(
                "test:3:5: applications[0].colour: unknown key \"colour\" (known keys: description, enabled, forms, instances, name, type)",
                "test:9:18: applications[0].forms[0].enabled: expected true or false, not \"maybe\"",
                "test:11:29: applications[0].forms[0].inputs[0].type: input type must be text, number, boolean or enum, not \"color\"",
                "test:12:33: applications[0].forms[0].inputs[1].required: expected true or false, not \"yes please\"",
                "test:14:19: applications[0].forms[1].instance: form \"g\" runs on instance \"elsewhere\", which application \"a\" does not declare in this file",
                "test:15:18: applications[0].forms[1].version: expected a whole number, not \"two\"");
        assertThat(document.isValid()).isFalse();
        assertThat(document.entries()).as("entities without problems of their own are read").containsKeys("application:a", "instance:i")
                .doesNotContainKeys("form:f", "form:g");
        assertThatThrownBy(document::entriesOrThrow).isInstanceOf(InvalidCatalogException.class)
                .hasMessageStartingWith("test has 6 errors; nothing was published (first: 3:5 unknown key \"colour\"");
    }

    @Test
    void shouldRefuseAFormRunningOnAnotherApplicationsInstance() {
        assertThat(problems("""
                applications:
                  - name: a
                    instances: [{name: a-local}]
                  - name: b
                    forms:
                      - {name: f, instance: a-local}
                """)).containsExactly("test:6:29: applications[1].forms[0].instance: form \"f\" of application \"b\" runs on instance"
                + " \"a-local\" of application \"a\"; a form runs on an instance of its own application");
    }

    @Test
    void shouldNameWhatIsWrongWithABadCatalog() {
        assertThat(problems("applications:\n  - name: a\n    instances: [{name: i}]\n    forms:\n      - name: f\n"))
                .containsExactly("test:5:9: applications[0].forms[0]: \"instance\" is required");
        assertThat(problems("forms: []\n")).containsExactly(
                "test:1:1: forms: unknown key \"forms\" (known keys: applications, groups)",
                "test:1:1: \"applications\" is required: a catalog is a list of applications");
        assertThat(problems("applications:\n  - name: a\n    instances: [{name: i}, {name: i}]\n"))
                .containsExactly("test:3:28: applications[0].instances[1]: instance:i is declared twice (first at 3:17)");
        assertThat(problems("applications:\n  - name: a\n    name: b\n"))
                .containsExactly("test:3:5: applications[0].name: \"name\" is given twice (first at 2:5)");
        assertThat(problems("applications:\n  - name: a\n    forms: {name: f}\n"))
                .containsExactly("test:3:12: applications[0].forms: expected a list, not a mapping");
        assertThat(problems("applications:\n  - name: [a]\n")).containsExactly("test:2:11: applications[0].name: expected a single value, not a list");
        assertThat(problems("applications:\n  - name: a\n   instances: []\n"))
                .containsExactly("test:3:4: not valid YAML: expected <block end>, but found '<block mapping start>'");
        assertThat(problems("")).containsExactly("test:1:1: the file is empty; a catalog is a mapping with a list of applications");
    }

    @Test
    void shouldKeepTextAsWrittenAndReadAJsonSchema() {
        final Map<String, CatalogEntry> entries = read("""
                applications:
                  - name: a
                    instances:
                      - name: i
                        schedules:
                          - {name: on, parameter: accept, value: yes}
                    forms:
                      - name: f
                        instance: i
                        inputs:
                          - {name: n, default: 007, values: [1.50, "x"]}
                        jsonSchema:
                          type: object
                          properties: {n: {type: integer, minimum: 1, maximum: 2.5}}
                          required: [n]
                """);

        assertThat(((InstanceScheduleDefinition) entries.get("instance-schedule:i:on").getEntity()).getValue()).isEqualTo("yes");
        final FormDefinition form = (FormDefinition) entries.get("form:f").getEntity();
        assertThat(form.getInputs().get(0).getDefaultValue()).isEqualTo("007");
        assertThat(form.getInputs().get(0).getEnumValues()).containsExactly("1.50", "x");
        assertThat(form.getJsonSchema())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":2.5}},\"required\":[\"n\"]}");
    }

    private static Map<String, CatalogEntry> read(final String yaml) {
        return CatalogFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static CatalogDocument parse(final String yaml) {
        return CatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static List<String> problems(final String yaml) {
        return parse(yaml).problems().stream().map(CatalogProblem::toString).toList();
    }
}
