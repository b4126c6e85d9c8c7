package io.riberry.cli.command;

import picocli.CommandLine.Command;

/** {@code riberry catalog ...}. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"Manage the catalog of applications, instances, forms and groups.",
            "",
            "Teams share one catalog. `import FILE` changes only the applications FILE defines and what belongs to them: their"
                    + " instances, forms, the schedules of those instances and the cron schedules of those forms. Other"
                    + " applications are left as they are; a file that declares an entity another application owns is refused."
                    + " `--replace-all` makes FILE the whole catalog instead. Groups (who may see and do what with which"
                    + " forms) belong to no application: a file with a `groups` list defines every group, one without it leaves them as"
                    + " they are.",
            "",
            "An import is a dry run that lists what it adds, modifies (each field as old -> new) and deletes; `--commit`"
                    + " publishes it, asking before it deletes anything (or `--yes`). `export` writes the published catalog back"
                    + " as a file import reads."},
        subcommands = {CatalogImportCommand.class, CatalogExportCommand.class})
public final class CatalogCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }
}
