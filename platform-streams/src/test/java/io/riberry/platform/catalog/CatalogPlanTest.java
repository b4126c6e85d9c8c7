package io.riberry.platform.catalog;

import static io.riberry.platform.catalog.CatalogYamls.TWO_TEAMS;
import static io.riberry.platform.catalog.CatalogYamls.parse;
import static io.riberry.platform.catalog.CatalogYamls.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogPlanTest {

    private static final String BILLING_NEXT = """
            applications:
              - name: billing
                description: Bills
                instances:
                  - name: billing-local
                forms:
                  - name: invoice
                    instance: billing-local
                    description: Bills a customer, politely
                  - {name: refund, instance: billing-local}
            """;

    @Test
    void shouldChangeOnlyTheApplicationsTheFileDefines() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS);

        final CatalogPlan plan = CatalogPlan.of(parse(BILLING_NEXT), current, false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.scope()).hasToString("applications billing");
        assertThat(plan.diff().added()).containsExactly("form:refund");
        assertThat(plan.diff().modified()).containsExactly("form:invoice");
        assertThat(plan.diff().changesOf("form:invoice")).extracting(FieldChange::toString)
                .containsExactly("description: \"Bills a customer\" -> \"Bills a customer, politely\"");
        assertThat(plan.diff().deleted()).as("the instance schedule and the cron schedule billing owns through its instance and form")
                .containsExactlyInAnyOrder("instance-schedule:billing-local:night-only", "job-schedule:nightly");
        assertThat(plan.untouched()).containsOnlyKeys("application:demo", "instance:demo-local", "instance-schedule:demo-local:greeting",
                "form:hello", "form:fail", "job-schedule:minutely-hello");
        assertThat(plan.untouchedApplications()).containsExactly("demo");
        assertThat(plan.records()).containsOnlyKeys("form:refund", "form:invoice", "instance-schedule:billing-local:night-only",
                "job-schedule:nightly");
    }

    @Test
    void shouldFindNothingToDoWhenOneTeamsPartOfTheCatalogMatches() {
        final CatalogPlan plan = CatalogPlan.of(parse(TWO_TEAMS.substring(0, TWO_TEAMS.indexOf("  - name: billing"))),
                published(TWO_TEAMS), false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.diff().isEmpty()).isTrue();
        assertThat(plan.untouchedApplications()).containsExactly("billing");
    }

    @Test
    void shouldReplaceTheWholeCatalogOnlyWhenAsked() {
        final CatalogPlan plan = CatalogPlan.of(parse(BILLING_NEXT), published(TWO_TEAMS), true);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.scope().everything()).isTrue();
        assertThat(plan.untouched()).isEmpty();
        assertThat(plan.diff().deleted()).containsExactlyInAnyOrder("application:demo", "instance:demo-local",
                "instance-schedule:demo-local:greeting", "form:hello", "form:fail", "job-schedule:minutely-hello",
                "instance-schedule:billing-local:night-only", "job-schedule:nightly");
        assertThat(plan.deletions()).isEqualTo(8);
    }

    @Test
    void shouldRefuseToTakeOverAnotherApplicationsEntitiesWithWhereTheyAreDeclared() {
        final CatalogPlan plan = CatalogPlan.of(parse("""
                applications:
                  - name: billing
                    instances:
                      - name: billing-local
                      - name: demo-local
                    forms:
                      - name: hello
                        instance: demo-local
                      - name: invoice
                        instance: billing-local
                        schedules:
                          - {name: minutely-hello, cron: "* * * * *"}
                """), published(TWO_TEAMS), false);

        assertThat(plan.isValid()).isFalse();
        assertThat(plan.problems()).extracting(CatalogProblem::toString).containsExactly(
                "team.yaml:5:9: applications[0].instances[1]: instance \"demo-local\" already belongs to application \"demo\","
                        + " which this file does not define (rename it, or import the whole catalog with --replace-all)",
                "team.yaml:7:9: applications[0].forms[0]: form \"hello\" already belongs to application \"demo\","
                        + " which this file does not define (rename it, or import the whole catalog with --replace-all)",
                "team.yaml:12:13: applications[0].forms[1].schedules[0]: job schedule \"minutely-hello\" already belongs to application"
                        + " \"demo\", which this file does not define (rename it, or import the whole catalog with --replace-all)");
        assertThat(CatalogPlan.of(parse("""
                applications:
                  - name: billing
                    instances:
                      - name: demo-local
                """), published(TWO_TEAMS), true).problems()).as("replacing the whole catalog takes what it declares").isEmpty();
    }

    @Test
    void shouldRefuseToDeleteAnInstanceAFormOfAnotherApplicationRunsOn() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS);
        final FormDefinition legacy = FormDefinition.newBuilder().setName("legacy").setApplication("demo").setInstance("billing-local").build();
        current.put("form:legacy", new CatalogEntry("form:legacy", legacy));

        final CatalogPlan plan = CatalogPlan.of(parse("""
                applications:
                  - name: billing
                    instances:
                      - name: billing-next
                """), current, false);

        assertThat(plan.problems()).extracting(CatalogProblem::toString).containsExactly(
                "team.yaml:2:5: applications[0]: this file no longer declares instance \"billing-local\", but form \"legacy\" of application"
                        + " \"demo\" runs on it");
    }

    @Test
    void shouldCarryTheFilesOwnProblemsIntoThePlan() {
        final CatalogPlan plan = CatalogPlan.of(parse("""
                applications:
                  - name: billing
                    colour: green
                """), published(TWO_TEAMS), false);

        assertThat(plan.problems()).extracting(CatalogProblem::toString).singleElement().asString()
                .startsWith("team.yaml:3:5: applications[0].colour: unknown key \"colour\"");
        assertThat(CatalogPlan.of(parse("""
                applications:
                  - name: demo
                    enabled: maybe
                    instances: [{name: demo-local}]
                """), published(TWO_TEAMS), false).problems()).extracting(CatalogProblem::toString)
                .as("an application with a wrong field is still the file's own: its instances are not another application's")
                .containsExactly("team.yaml:3:14: applications[0].enabled: expected true or false, not \"maybe\"");
    }

    @Test
    void shouldOwnAPublishedScheduleWhoseInstanceIsGoneThroughTheFile() {
        final Map<String, CatalogEntry> current = published(TWO_TEAMS);
        current.remove("instance:billing-local");

        final CatalogPlan plan = CatalogPlan.of(parse(BILLING_NEXT), current, false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.diff().added()).contains("instance:billing-local");
        assertThat(plan.diff().deleted()).contains("instance-schedule:billing-local:night-only");
    }

    private static final String WITH_GROUPS = TWO_TEAMS + """
            groups:
              - {name: finance, members: [alice], forms: {invoice: operator}}
              - {name: greeters, members: [ada], forms: {hello: viewer}}
              - {name: admins, members: [root], administrators: true}
            """;

    @Test
    void shouldLeaveGroupsAsTheyAreWhenTheFileHasNoGroupsEvenReplacingTheWholeCatalog() {
        final CatalogPlan scoped = CatalogPlan.of(parse(BILLING_NEXT), published(WITH_GROUPS), false);
        final CatalogPlan whole = CatalogPlan.of(parse(BILLING_NEXT), published(WITH_GROUPS), true);

        assertThat(scoped.problems()).isEmpty();
        assertThat(scoped.scope().groups()).isFalse();
        assertThat(scoped.untouched()).containsKeys("group:finance", "group:greeters", "group:admins");
        assertThat(scoped.diff().deleted()).noneMatch(id -> id.startsWith("group:"));
        assertThat(whole.scope()).hasToString("the whole catalog but its groups");
        assertThat(whole.untouched()).containsOnlyKeys("group:finance", "group:greeters", "group:admins");
        assertThat(whole.untouchedApplications()).as("groups belong to no application").isEmpty();
        assertThat(whole.problems()).as("the file no longer declares hello, which greeters grants").extracting(CatalogProblem::toString)
                .containsExactly("team.yaml:1:1: this file no longer declares form \"hello\", but group \"greeters\" grants it"
                        + " (remove the grant first, or in the same import: a file with groups: defines every group)");
    }

    @Test
    void shouldReplaceEveryGroupWhenTheFileHasGroupsAndShowEachChangedField() {
        final CatalogPlan plan = CatalogPlan.of(parse(BILLING_NEXT + """
                groups:
                  - name: finance
                    description: Invoicing team
                    members: [alice, bob]
                    forms: {invoice: manager, refund: viewer}
                  - {name: admins, members: [root], administrators: true}
                """), published(WITH_GROUPS), false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.scope()).hasToString("applications billing and every group");
        assertThat(plan.untouchedApplications()).containsExactly("demo");
        assertThat(plan.diff().modified()).contains("group:finance");
        assertThat(plan.diff().changesOf("group:finance")).extracting(FieldChange::toString).containsExactly(
                "description: \"\" -> \"Invoicing team\"",
                "members: [\"alice\"] -> [\"alice\", \"bob\"]",
                "forms.invoice: \"operator\" -> \"manager\"",
                "forms.refund: (not set) -> \"viewer\"");
        assertThat(plan.diff().deleted()).as("a group the file lacks").contains("group:greeters");
        assertThat(plan.diff().added()).doesNotContain("group:admins");
        assertThat(plan.diff().modified()).doesNotContain("group:admins");
    }

    @Test
    void shouldImportAFileOfGroupsAloneLeavingEveryApplicationAsItIs() {
        final CatalogPlan plan = CatalogPlan.of(parse("""
                groups:
                  - {name: greeters, members: [ada, grace], forms: {hello: viewer, fail: viewer}}
                """), published(WITH_GROUPS), false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.scope()).hasToString("every group");
        assertThat(plan.untouchedApplications()).containsExactly("billing", "demo");
        assertThat(plan.diff().added()).isEmpty();
        assertThat(plan.diff().modified()).containsExactly("group:greeters");
        assertThat(plan.diff().deleted()).containsExactlyInAnyOrder("group:finance", "group:admins");
        assertThat(CatalogPlan.of(parse("groups: []\n"), published(WITH_GROUPS), false).diff().deleted())
                .as("groups: [] is how a file says: no groups").containsExactlyInAnyOrder("group:finance", "group:greeters", "group:admins");
    }

    @Test
    void shouldRefuseAGrantOfAFormTheCatalogWillNotHave() {
        final CatalogPlan plan = CatalogPlan.of(parse(BILLING_NEXT + """
                groups:
                  - {name: finance, forms: {invoice: viewer, refund: viewer, hello: viewer, payroll: viewer}}
                """), published(TWO_TEAMS), false);

        assertThat(plan.problems()).as("invoice and refund are the file's, hello another application's").extracting(CatalogProblem::toString)
                .containsExactly("team.yaml:12:86: groups[0].forms.payroll: group \"finance\" grants form \"payroll\", which neither this file"
                        + " nor an application it leaves as it is defines");
        assertThat(CatalogPlan.of(parse(BILLING_NEXT + """
                groups:
                  - {name: finance, forms: {hello: viewer}}
                """), published(TWO_TEAMS), true).problems()).extracting(CatalogProblem::toString)
                .as("replacing the whole catalog deletes hello").containsExactly(
                        "team.yaml:12:36: groups[0].forms.hello: group \"finance\" grants form \"hello\", which this file does not define");
    }

    @Test
    void shouldRefuseToDeleteAFormThatAGroupLeftAsItIsGrants() {
        final CatalogPlan plan = CatalogPlan.of(parse("""
                applications:
                  - name: billing
                    instances: [{name: billing-local}]
                """), published(WITH_GROUPS), false);

        assertThat(plan.problems()).extracting(CatalogProblem::toString).containsExactly(
                "team.yaml:2:5: applications[0]: this file no longer declares form \"invoice\", but group \"finance\" grants it"
                        + " (remove the grant first, or in the same import: a file with groups: defines every group)");
    }
}
