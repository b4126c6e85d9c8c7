package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.platform.catalog.CatalogDiff;
import io.riberry.platform.catalog.CatalogFile;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.catalog.CatalogReader;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riberry catalog ...}. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Manage the catalog of applications, instances and forms.",
        subcommands = CatalogCommand.Import.class)
public final class CatalogCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** {@code riberry catalog import FILE [--commit]}: what would change (dry run), or publish it. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Show what FILE adds, modifies and deletes in the published catalog; --commit publishes it.")
    public static final class Import extends RiberryCommand {

        @Parameters(paramLabel = "FILE", description = "Catalog YAML, like config/catalog.yaml.")
        Path file;

        @Option(names = "--commit", description = "Publish the changes (default: dry run).")
        boolean commit;

        @Override
        public Integer call() {
            final GlobalOptions options = global();
            requireReachableKafka();
            final RiberryTopics topics = RiberryTopics.withDefaultPrefix();
            final SchemaRegistryClient registry = SchemaRegistryClients.forUrl(options.registry());
            final Map<String, CatalogEntry> wanted = CatalogFile.read(file);
            final Map<String, CatalogEntry> current = CatalogReader.read(options.kafka(), registry, topics.catalog());
            final CatalogDiff diff = CatalogDiff.between(current, wanted);
            print("Added", diff.added());
            print("Modified", diff.modified());
            print("Deleted", diff.deleted());
            if (diff.isEmpty()) {
                printer().line("The published catalog already matches " + file + ".");
            } else if (commit) {
                TopicAdmin.ensureTopics(options.kafka(), topics, CatalogFile.instances(wanted), 4, (short) 1);
                CatalogPublisher.publish(options.kafka(), registry, topics.catalog(), diff.records(wanted));
                printer().line("Committed.");
            } else {
                printer().line("Dry run: nothing was published. Run again with --commit to publish.");
            }
            return ExitCodes.OK;
        }

        private void print(final String label, final List<String> ids) {
            ids.forEach(id -> printer().line(label + ": " + id));
        }
    }
}
