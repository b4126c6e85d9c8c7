package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.cli.output.CatalogPlanView;
import io.riberry.platform.catalog.CatalogDocument;
import io.riberry.platform.catalog.CatalogFile;
import io.riberry.platform.catalog.CatalogPlan;
import io.riberry.platform.catalog.CatalogPublisher;
import io.riberry.platform.catalog.CatalogReader;
import io.riberry.platform.catalog.InvalidCatalogException;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.dev.TopicAdmin;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riberry catalog import FILE [--commit] [--replace-all] [--yes]}: what FILE would change (dry run), or publish it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Show what FILE adds, modifies and deletes in the applications it defines, field by field; --commit publishes it.",
            "Other applications are left as they are, so each team can import its own file. Groups are system-wide: a FILE with"
                    + " groups: defines every group (groups it lacks are deleted); a FILE without it leaves them as they are, even with"
                    + " --replace-all. Every error of FILE is reported at once, as FILE:LINE:COLUMN: PATH: MESSAGE, and nothing is"
                    + " published."},
        footer = {"", "Examples:",
            "  riberry catalog import team.yaml              # dry run: what would change",
            "  riberry catalog import team.yaml --commit     # asks before deleting",
            "  riberry catalog export --file all.yaml        # the whole catalog, to edit",
            "  riberry catalog import all.yaml --replace-all --commit --yes"})
public final class CatalogImportCommand extends RiberryCommand {

    @Parameters(paramLabel = "FILE", description = "Catalog YAML, like config/catalog.yaml.")
    Path file;

    @Option(names = "--commit", description = "Publish the changes (default: dry run).")
    boolean commit;

    @Option(names = "--replace-all", description = "Make FILE the whole catalog: delete every application, instance, form and schedule"
            + " it does not declare, whichever application owns it (groups only if FILE has groups:).")
    boolean replaceAll;

    @Option(names = {"--yes", "-y"}, description = "Delete without asking. Without it, --commit of a plan that deletes anything asks"
            + " at a terminal (type the number of deletions or yes) and is refused elsewhere.")
    boolean yes;

    @Override
    public Integer call() {
        final GlobalOptions options = global();
        final CatalogDocument document = parse();
        requireReachableKafka();
        final RiberryTopics topics = RiberryTopics.withDefaultPrefix();
        final SchemaRegistryClient registry = options.registryClient();
        final CatalogPlan plan = CatalogPlan.of(document, CatalogReader.read(options.kafka(), registry, topics.catalog()), replaceAll);
        if (!plan.isValid()) {
            plan.problems().forEach(problem -> err().println(problem));
            err().flush();
            throw new CliException(InvalidCatalogException.summary(file.toString(), plan.problems()));
        }
        if (printer().isJson()) {
            final boolean committed = commit && !plan.diff().isEmpty() && publish(plan, options, registry, topics);
            printer().json(CatalogPlanView.json(file.toString(), plan, committed));
            return ExitCodes.OK;
        }
        CatalogPlanView.lines(plan).forEach(printer()::line);
        if (plan.diff().isEmpty()) {
            printer().line("The published catalog already matches " + file + ".");
        } else if (commit) {
            publish(plan, options, registry, topics);
            printer().line("Committed: " + CatalogPlanView.counts(plan) + ".");
        } else {
            printer().line("Dry run: nothing was published (" + CatalogPlanView.counts(plan) + "). Run again with --commit to publish"
                    + (plan.deletions() > 0 ? "; deletions are confirmed at a terminal, or with --yes." : "."));
        }
        return ExitCodes.OK;
    }

    /**
     * Importing the catalog is a system administrator's act: the API says whether the caller is
     * one before anything is published. This is the courteous check; the lock is Kafka's ACL on the
     * catalog topic, which only the platform's and administrators' principals may write.
     */
    private static void requireAdministrator(final GlobalOptions options) {
        final ApiClient.Answer whoami;
        try {
            whoami = options.apiClient().get("/whoami");
        } catch (ApiClient.ApiUnreachableException e) {
            throw new CliException("cannot confirm that you are a system administrator before publishing: " + e.getMessage());
        }
        final JsonNode principal = ApiErrors.require(whoami).body();
        if (!principal.path("administrator").asBoolean(false)) {
            throw new CliException(principal.path("subject").asText("you") + " is not a system administrator: only administrators "
                    + "import the catalog");
        }
    }

    private CatalogDocument parse() {
        try {
            return CatalogFile.parse(file);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private boolean publish(final CatalogPlan plan, final GlobalOptions options, final SchemaRegistryClient registry,
                            final RiberryTopics topics) {
        requireAdministrator(options);
        DeletionConfirmation.require(plan.deletions(), yes, System.console());
        // The platform dispatches to an instance's own topic as soon as the catalog names the instance: create the topics first.
        TopicAdmin.ensureTopics(options.kafka(), topics, CatalogFile.instances(plan.wanted()), 4, (short) 1);
        CatalogPublisher.publish(options.kafka(), registry, topics.catalog(), plan.records());
        return true;
    }
}
