package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.cli.CliException;
import io.riberry.cli.CliRun;
import org.junit.jupiter.api.Test;

/** What needs no broker: the help that explains the catalog's scoping, and when deletions may go ahead. */
class CatalogCommandTest {

    @Test
    void shouldExplainScopedImportsReplaceAllAndExportInTheHelp() {
        final CliRun catalog = CliRun.of("catalog", "--help");
        final CliRun importHelp = CliRun.of("catalog", "import", "--help");
        final CliRun exportHelp = CliRun.of("catalog", "export", "--help");

        assertThat(catalog.exitCode()).isZero();
        assertThat(catalog.out().replaceAll("\\s+", " ")).contains("import").contains("export").contains("changes only the applications FILE defines")
                .contains("--replace-all").contains("a file with a `groups` list defines every group, one without it leaves them as they are");
        assertThat(importHelp.out().replaceAll("\\s+", " ")).contains("--commit").contains("--replace-all").contains("--yes").contains("FILE:LINE:COLUMN: PATH");
        assertThat(exportHelp.out()).contains("--application=NAME").contains("--file=OUT");
    }

    @Test
    void shouldAcceptTheNumberOfDeletionsOrYesAndNothingElse() {
        assertThat(DeletionConfirmation.accepts("3", 3)).isTrue();
        assertThat(DeletionConfirmation.accepts(" yes\n", 3)).isTrue();
        assertThat(DeletionConfirmation.accepts("YES", 3)).isTrue();
        assertThat(DeletionConfirmation.accepts("y", 3)).isFalse();
        assertThat(DeletionConfirmation.accepts("2", 3)).isFalse();
        assertThat(DeletionConfirmation.accepts("", 3)).isFalse();
        assertThat(DeletionConfirmation.accepts(null, 3)).as("end of input").isFalse();
    }

    @Test
    void shouldRefuseDeletionsWithoutATerminalUnlessTold() {
        assertThatThrownBy(() -> DeletionConfirmation.require(2, false, null)).isInstanceOf(CliException.class)
                .hasMessage("this import deletes 2 entities and there is no terminal to confirm it; nothing was published"
                        + " (add --yes to delete them)");
        assertThatCode(() -> DeletionConfirmation.require(2, true, null)).doesNotThrowAnyException();
        assertThatCode(() -> DeletionConfirmation.require(0, false, null)).as("nothing to confirm").doesNotThrowAnyException();
    }
}
