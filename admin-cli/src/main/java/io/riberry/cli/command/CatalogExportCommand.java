package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.platform.catalog.CatalogExport;
import io.riberry.platform.catalog.CatalogReader;
import io.riberry.schema.CatalogEntry;
import io.riberry.topics.RiberryTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riberry catalog export [--application NAME]... [--file OUT]}: the published catalog as a file import reads. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the published catalog, or only the named applications, as catalog YAML in the format import reads;"
                + " importing it unchanged changes nothing. Groups are written with the whole catalog only: a file with groups:"
                + " defines every group."},
        footer = {"", "Examples:",
            "  riberry catalog export --application billing --file billing.yaml",
            "  riberry catalog import billing.yaml           # after editing it"})
public final class CatalogExportCommand extends RiberryCommand {

    @Option(names = "--application", paramLabel = "NAME", description = "Export this application (repeatable; default: all).")
    List<String> applications = new ArrayList<>();

    @Option(names = "--file", paramLabel = "OUT", description = "Write to OUT instead of standard output.")
    Path file;

    @Override
    public Integer call() {
        final GlobalOptions options = global();
        requireReachableKafka();
        final Map<String, CatalogEntry> catalog = CatalogReader.read(options.kafka(), options.registryClient(),
                RiberryTopics.withDefaultPrefix().catalog());
        final CatalogExport export;
        try {
            export = CatalogExport.of(catalog, applications);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        export.leftOut().forEach(entity -> err().println("riberry: left out " + entity));
        err().flush();
        if (file == null) {
            out().print(export.yaml());
            out().flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(file, export.yaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
        printer().line("Wrote " + export.entities() + " entities of applications " + String.join(", ", export.applications())
                + (export.groups().isEmpty() ? "" : " and groups " + String.join(", ", export.groups())) + " to " + file + ".");
        return ExitCodes.OK;
    }
}
