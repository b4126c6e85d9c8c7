package io.riberry.platform.catalog;

import static io.riberry.platform.catalog.CatalogYamls.TWO_TEAMS;
import static io.riberry.platform.catalog.CatalogYamls.parse;
import static io.riberry.platform.catalog.CatalogYamls.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.JobScheduleDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CatalogExportTest {

    /** Values a careless writer would change: text that reads as a number, a boolean or null, empty text, lines, a JSON Schema. */
    private static final String AWKWARD = """
            applications:
              - name: awkward
                description: "Two lines:\\nthe second, with a # and a: colon"
                type: "123"
                enabled: false
                instances:
                  - name: awkward-local
                    schedules:
                      - {parameter: accept, value: "no"}
                      - {name: "null", parameter: limit, value: "2", days: "sat,sun", start: "22:00", end: "06:00", priority: 200}
                forms:
                  - name: quirks
                    instance: awkward-local
                    version: 3
                    inputs:
                      - {name: mode, type: enum, values: ["on", "off", "1.0"], default: "on", required: true, multiple: true}
                      - {name: note, default: "", description: "  spaced  "}
                    files:
                      - {name: sheet, required: true, accept: "*.csv", maxBytes: 2048}
                    jsonSchema:
                      type: object
                      properties:
                        count: {type: integer, minimum: 0, maximum: 1.5e3, default: null}
                        flags: {type: array, items: {enum: [true, false]}}
                    schedules:
                      - {name: "~", cron: "*/5 * * * *", enabled: false, limit: 3, runWhenOnline: false, priority: 1, inputs: {mode: "off"}}
            """;

    @Test
    void shouldWriteWhatImportReadsSoThatImportingItChangesNothing() {
        final Map<String, CatalogEntry> current = new TreeMap<>(CatalogFile.read(Path.of("..", "config", "catalog.yaml")));
        current.putAll(published(TWO_TEAMS.replace("name: demo", "name: demo2").replace("demo-local", "demo2-local")
                .replace("name: hello", "name: hello2").replace("name: fail", "name: fail2").replace("minutely-hello", "minutely-hello2")));
        current.putAll(published(AWKWARD));

        final CatalogExport export = CatalogExport.of(current, List.of());
        final CatalogDocument reread = parse(export.yaml());

        assertThat(reread.problems()).isEmpty();
        assertThat(reread.entries()).isEqualTo(current);
        assertThat(export.entities()).isEqualTo(current.size());
        assertThat(export.leftOut()).isEmpty();
        assertThat(CatalogPlan.of(reread, current, false).diff().isEmpty()).isTrue();
        assertThat(CatalogPlan.of(reread, current, true).diff().isEmpty()).isTrue();
    }

    @Test
    void shouldWriteOnlyTheNamedApplicationsAndLeaveValuesEqualToTheirDefaultsOut() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS);

        final CatalogExport export = CatalogExport.of(current, List.of("billing"));

        assertThat(export.applications()).containsExactly("billing");
        assertThat(export.yaml()).isEqualTo("""
                # The published catalog, written by `riberry catalog export` in the format `riberry catalog import` reads.
                applications:
                  - name: billing
                    description: Bills
                    instances:
                      - name: billing-local
                        schedules:
                          - name: night-only
                            parameter: accept
                            value: N
                            start: 06:00
                            end: '22:00'
                    forms:
                      - name: invoice
                        instance: billing-local
                        description: Bills a customer
                        schedules:
                          - name: nightly
                            cron: 0 2 * * *
                            timezone: Europe/Paris
                """);
        final CatalogPlan plan = CatalogPlan.of(parse(export.yaml()), current, false);
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.diff().isEmpty()).isTrue();
        assertThat(plan.untouchedApplications()).containsExactly("demo");
    }

    @Test
    void shouldLeaveOutWhatAFileCannotHoldAndSayWhy() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS);
        current.put("instance:stray", new CatalogEntry("instance:stray", new InstanceDefinition("stray", "gone")));
        final JobScheduleDefinition orphan = JobScheduleDefinition.newBuilder().setName("orphan").setForm("gone").setCron("* * * * *").build();
        current.put("job-schedule:orphan", new CatalogEntry("job-schedule:orphan", orphan));

        final CatalogExport export = CatalogExport.of(current, List.of());

        assertThat(export.leftOut()).containsExactly(
                "instance:stray: its application \"gone\" is not in the catalog",
                "job-schedule:orphan: its form \"gone\" is not in the file");
        assertThat(CatalogPlan.of(parse(export.yaml()), current, false).diff().isEmpty())
                .as("what was left out belongs to no application of the file, so importing it leaves it alone").isTrue();
    }

    @Test
    void shouldRefuseToExportAnApplicationTheCatalogDoesNotHave() {
        assertThatThrownBy(() -> CatalogExport.of(published(TWO_TEAMS), List.of("billing", "payroll")))
                .hasMessage("no application \"payroll\" in the published catalog (it has billing, demo)");
    }

    @Test
    void shouldWriteTheGroupsWithTheWholeCatalogOnlySoThatATeamsFileLeavesThemAlone() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS + """
                groups:
                  - {name: greeters, description: "yes", members: [ada, "007"], forms: {hello: operator, fail: Viewer}}
                  - {name: admins, members: [root], administrators: true}
                  - {name: nobody}
                """);

        final CatalogExport all = CatalogExport.of(current, List.of());
        final CatalogExport billing = CatalogExport.of(current, List.of("billing"));

        assertThat(all.groups()).containsExactly("admins", "greeters", "nobody");
        assertThat(all.entities()).isEqualTo(current.size());
        assertThat(all.yaml()).endsWith("""
                groups:
                  - name: admins
                    members:
                      - root
                    administrators: true
                  - name: greeters
                    description: 'yes'
                    members:
                      - '007'
                      - ada
                    forms:
                      fail: viewer
                      hello: operator
                  - name: nobody
                """);
        final CatalogDocument reread = parse(all.yaml());
        assertThat(reread.entries()).isEqualTo(current);
        assertThat(CatalogPlan.of(reread, current, true).diff().isEmpty()).isTrue();
        assertThat(billing.groups()).isEmpty();
        assertThat(billing.yaml()).doesNotContain("groups:");
        assertThat(CatalogPlan.of(parse(billing.yaml()), current, false).untouched()).containsKeys("group:greeters", "group:admins");
    }

    @Test
    void shouldLeaveOutAGrantOfAFormTheCatalogNoLongerHas() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS + """
                groups:
                  - {name: greeters, forms: {hello: operator, fail: viewer}}
                """);
        current.remove("form:fail");

        final CatalogExport export = CatalogExport.of(current, List.of());

        assertThat(export.leftOut()).containsExactly("group:greeters: its grant of form \"fail\", which is not in the catalog");
        final CatalogPlan plan = CatalogPlan.of(parse(export.yaml()), current, false);
        assertThat(plan.problems()).as("import refuses a grant of a missing form; the export does not write one").isEmpty();
        assertThat(plan.diff().changesOf("group:greeters")).extracting(FieldChange::toString)
                .containsExactly("forms.fail: \"viewer\" -> (not set)");
    }
}
