package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Help, suggestions and completion: what a user meets before the first command works. */
class FindingYourWayTest {

    @Test
    void shouldPrintACommandsHelpThroughTheHelpCommand() {
        final CliRun help = CliRun.of("help", "executions", "watch");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: riberry executions watch").contains("EXECUTION_ID").contains("a job's name");
        assertThat(CliRun.of("help").out()).startsWith("Usage: riberry").contains("forms").contains("jobs").contains("completion");
    }

    @Test
    void shouldSuggestTheCommandMeantForAMistypedOneInOneLine() {
        final CliRun command = CliRun.of("sumbit", "--form", "hello");
        final CliRun subcommand = CliRun.of("executions", "shwo", "x");

        assertThat(command.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: Unmatched argument").contains("'sumbit'").contains("did you mean submit?"));
        assertThat(subcommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(subcommand.err().lines()).singleElement().satisfies(line -> assertThat(line).contains("did you mean show?")
                .contains("see 'riberry executions --help'"));
    }

    @Test
    void shouldListTheGlobalOptionsOnceInTheirOwnSection() {
        for (String[] args : new String[][] {{"--help"}, {"submit", "--help"}, {"executions", "list", "--help"}, {"forms", "list", "--help"}}) {
            final String help = CliRun.of(args).out();
            final String name = String.join(" ", args);
            assertThat(help).as(name).contains("Global options (before or after the command):");
            for (String option : new String[] {"--bootstrap-server=HOST:PORT", "--api=URL", "--registry=URL", "--token=TOKEN", "--config=FILE",
                    "--output=FORMAT"}) {
                assertThat(Pattern.compile(Pattern.quote(option)).matcher(help).results().count()).as(name + " " + option).isOne();
                assertThat(help.indexOf(option)).as(name + " " + option).isGreaterThan(help.indexOf("Global options"));
            }
        }
        // The command's own options come first, in its own list.
        final String submit = CliRun.of("submit", "--help").out();
        assertThat(submit.indexOf("--form=")).isLessThan(submit.indexOf("Global options"));
    }

    @Test
    void shouldShowExamplesInTheHelpOfTheCommandsPeopleUseMost() {
        for (String[] args : new String[][] {{"submit"}, {"executions", "list"}, {"executions", "show"}, {"executions", "watch"},
                {"executions", "cancel"}, {"artifacts", "download"}, {"catalog", "import"}, {"tokens", "create"}, {"forms", "list"},
                {"jobs", "show"}, {"dev"}, {"worker"}}) {
            final String help = CliRun.of(concat(args, "--help")).out();
            assertThat(help).as(String.join(" ", args)).contains("Examples:").contains("  riberry " + String.join(" ", args));
        }
    }

    @Test
    void shouldPrintABashCompletionScriptNamingTheCommands() {
        final CliRun completion = CliRun.of("completion", "bash");

        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_riberry")
                .contains("submit").contains("executions").contains("watch").contains("forms").contains("catalog");
        final CliRun zsh = CliRun.of("completion", "fish");
        assertThat(zsh.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zsh.err().lines()).singleElement().asString().startsWith("riberry: no completion for shell fish");
    }

    private static String[] concat(final String[] first, final String last) {
        final String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }
}
