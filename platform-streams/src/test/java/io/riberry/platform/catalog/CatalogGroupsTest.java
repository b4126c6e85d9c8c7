package io.riberry.platform.catalog;

import static io.riberry.platform.catalog.CatalogYamls.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The catalog file's {@code groups:} list: how it reads and what it refuses, each problem where it is. */
class CatalogGroupsTest {

    private static final String APPLICATION = """
            applications:
              - name: billing
                instances: [{name: billing-local}]
                forms:
                  - {name: invoice, instance: billing-local}
                  - {name: report, instance: billing-local}
            """;

    @Test
    void shouldReadGroupsWithTheirMembersAndTheRoleOnEachForm() {
        final Map<String, CatalogEntry> entries = parse(APPLICATION + """
                groups:
                  - name: finance
                    description: Invoicing team
                    members: [bob, alice]
                    forms:
                      report: Viewer
                      invoice: OPERATOR
                  - name: platform-admins
                    members: [root]
                    administrators: true
                  - name: Finance Team
                  - name: /auditors
                    forms: {report: manager}
                """).entriesOrThrow();

        final GroupDefinition finance = (GroupDefinition) entries.get("group:finance").getEntity();
        assertThat(finance.getDescription()).isEqualTo("Invoicing team");
        assertThat(finance.getMembers()).as("sorted: their order means nothing").containsExactly("alice", "bob");
        assertThat(finance.getForms()).as("role words in any case, sorted by form")
                .containsExactly(new FormGrant("invoice", FormRole.OPERATOR), new FormGrant("report", FormRole.VIEWER));
        assertThat(finance.getAdministrators()).isFalse();
        final GroupDefinition admins = (GroupDefinition) entries.get("group:platform-admins").getEntity();
        assertThat(admins.getAdministrators()).isTrue();
        assertThat(admins.getForms()).isEmpty();
        assertThat(entries).as("names as identity providers write them in a groups claim")
                .containsKeys("group:Finance Team", "group:/auditors");
        assertThat(((GroupDefinition) entries.get("group:/auditors").getEntity()).getForms())
                .containsExactly(new FormGrant("report", FormRole.MANAGER));
    }

    @Test
    void shouldReadTheShippedDemoGroups() {
        final Map<String, CatalogEntry> entries = CatalogFile.read(Path.of("..", "config", "catalog.yaml"));

        final GroupDefinition operators = (GroupDefinition) entries.get("group:demo-operators").getEntity();
        assertThat(operators.getMembers()).containsExactly("ada");
        assertThat(operators.getForms()).extracting(FormGrant::getForm).containsExactly("fail", "hello", "report", "sleepy");
        assertThat(operators.getForms()).extracting(FormGrant::getRole).containsOnly(FormRole.OPERATOR);
        final GroupDefinition viewers = (GroupDefinition) entries.get("group:demo-viewers").getEntity();
        assertThat(viewers.getMembers()).containsExactly("grace");
        assertThat(viewers.getForms()).containsExactly(new FormGrant("hello", FormRole.VIEWER), new FormGrant("report", FormRole.VIEWER));
        final GroupDefinition admins = (GroupDefinition) entries.get("group:admins").getEntity();
        assertThat(admins.getMembers()).containsExactly("admin");
        assertThat(admins.getAdministrators()).isTrue();
    }

    @Test
    void shouldReportEveryProblemOfTheGroupsWithItsLineColumnAndPath() {
        final CatalogDocument document = parse(APPLICATION + """
                groups:
                  - name: finance
                    colour: green
                    members: [alice, "", alice, " bob", "eve\\u0007"]
                    forms:
                      invoice: operater
                      report:
                  - name: finance
                  - name: "two  spaces"
                  - name: a:b
                    administrators: sometimes
                  - members: [carol]
                """);

        assertThat(document.problems()).extracting(CatalogProblem::toString).containsExactly(
                "team.yaml:9:5: groups[0].colour: unknown key \"colour\" (known keys: administrators, description, forms, members, name)",
                "team.yaml:10:22: groups[0].members[1]: a member must not be empty",
                "team.yaml:10:26: groups[0].members[2]: member \"alice\" is listed twice in this group (first at 10:15)",
                "team.yaml:10:33: groups[0].members[3]: member \" bob\" starts or ends with a space",
                "team.yaml:10:41: groups[0].members[4]: member \"eve\\u0007\" has a control character",
                "team.yaml:12:16: groups[0].forms.invoice: a role is viewer, operator or manager, not \"operater\"",
                "team.yaml:13:7: groups[0].forms.report: the role on form \"report\" is required: viewer, operator or manager",
                "team.yaml:15:11: groups[2].name: a group name is at most 128 letters, digits, single inner spaces and . _ - / @,"
                        + " not \"two  spaces\"",
                "team.yaml:16:11: groups[3].name: a group name is at most 128 letters, digits, single inner spaces and . _ - / @,"
                        + " not \"a:b\"",
                "team.yaml:17:21: groups[3].administrators: expected true or false, not \"sometimes\"",
                "team.yaml:18:5: groups[4]: \"name\" is required");
        assertThat(document.entries()).as("the second finance has no problem of its own").containsKey("group:finance");
    }

    @Test
    void shouldRefuseAGroupDeclaredTwice() {
        final CatalogDocument document = parse(APPLICATION + """
                groups:
                  - {name: finance, members: [alice]}
                  - {name: finance, members: [bob]}
                """);

        assertThat(document.problems()).extracting(CatalogProblem::toString)
                .containsExactly("team.yaml:9:5: groups[1]: group:finance is declared twice (first at 8:5)");
    }

    @Test
    void shouldRefuseABareGroupsKeyRatherThanReadItAsDeleteEveryGroup() {
        assertThat(parse(APPLICATION + "groups:\n").problems()).extracting(CatalogProblem::toString)
                .containsExactly("team.yaml:7:1: groups: \"groups\" has no value: list the groups, or write groups: [] to delete every group");
        final CatalogDocument none = parse(APPLICATION + "groups: []\n");
        assertThat(none.problems()).isEmpty();
        assertThat(none.definesGroups()).isTrue();
        assertThat(parse(APPLICATION).definesGroups()).isFalse();
    }

    @Test
    void shouldReadAFileOfGroupsAlone() {
        final CatalogDocument document = parse("""
                groups:
                  - {name: finance, members: [alice], forms: {invoice: viewer}}
                """);

        assertThat(document.problems()).as("applications are optional beside groups").isEmpty();
        assertThat(document.applicationNames()).isEmpty();
        assertThat(document.externalGrants()).extracting(CatalogDocument.Grant::form).containsExactly("invoice");
        assertThat(parse("{}\n").problems()).extracting(CatalogProblem::toString)
                .containsExactly("team.yaml:1:1: \"applications\" is required: a catalog is a list of applications");
    }

    @Test
    void shouldRefuseToReadAsAWholeCatalogAGroupGrantingAFormTheFileDoesNotDefine() {
        final CatalogDocument document = parse(APPLICATION + """
                groups:
                  - name: finance
                    forms: {invoice: viewer, payroll: viewer}
                """);

        assertThat(document.problems()).as("the form may be in the published catalog: an import checks it there").isEmpty();
        assertThat(document.externalGrants()).containsExactly(new CatalogDocument.Grant("finance", "payroll", new FileLocation(9, 39,
                "groups[0].forms.payroll")));
        assertThatThrownBy(document::entriesOrThrow).isInstanceOf(InvalidCatalogException.class)
                .hasMessageEndingWith("team.yaml:9:39: groups[0].forms.payroll: group \"finance\" grants form \"payroll\","
                        + " which this file does not define");
        assertThat(parse(APPLICATION.replace("- {name: report, instance: billing-local}", "- {name: report, instance: nowhere}") + """
                groups:
                  - {name: finance, forms: {report: viewer}}
                """).externalGrants()).as("a form of the file with a problem of its own is still the file's").isEmpty();
    }

    @Test
    void shouldBoundTheCountsAndTheLengths() {
        final String members = IntStream.rangeClosed(1, GroupsSection.MAX_MEMBERS + 1).mapToObj(i -> "user" + i)
                .collect(Collectors.joining(", ", "[", "]"));
        final String longName = "g".repeat(GroupsSection.MAX_NAME_LENGTH + 1);
        final String longMember = "m".repeat(GroupsSection.MAX_MEMBER_LENGTH + 1);

        final List<String> problems = parse("groups:\n  - {name: many, members: " + members + "}\n  - {name: " + longName + "}\n"
                + "  - {name: long, members: [" + longMember + "]}\n").problems().stream().map(CatalogProblem::toString).toList();

        assertThat(problems).containsExactly(
                "team.yaml:2:27: groups[0].members: a group has at most 1000 members, not 1001",
                "team.yaml:3:12: groups[1].name: a group name is at most 128 letters, digits, single inner spaces and . _ - / @, not \""
                        + longName + "\"",
                "team.yaml:4:28: groups[2].members[0]: a member is at most 256 characters, not 257");
    }
}
