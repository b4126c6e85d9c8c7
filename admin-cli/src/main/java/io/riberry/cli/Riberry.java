package io.riberry.cli;

import io.riberry.cli.command.ArtifactsCommand;
import io.riberry.cli.command.BenchCommand;
import io.riberry.cli.command.CatalogCommand;
import io.riberry.cli.command.CompletionCommand;
import io.riberry.cli.command.DevCommand;
import io.riberry.cli.command.ExecutionsCommand;
import io.riberry.cli.command.FormsCommand;
import io.riberry.cli.command.HelpCommand;
import io.riberry.cli.command.InstancesCommand;
import io.riberry.cli.command.JobsCommand;
import io.riberry.cli.command.PlatformCommand;
import io.riberry.cli.command.SubmitCommand;
import io.riberry.cli.command.TokensCommand;
import io.riberry.cli.command.TopicsCommand;
import io.riberry.cli.command.WorkerCommand;
import io.riberry.platform.client.ApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code riberry}: submit, inspect and watch workflows, and run a complete dev system. */
@Command(name = "riberry", mixinStandardHelpOptions = true, version = "riberry 0.1.0",
        description = "Riberry on Kafka: run workflows inside your apps and see everything about them.",
        subcommands = {DevCommand.class, SubmitCommand.class, FormsCommand.class, JobsCommand.class, ExecutionsCommand.class,
                ArtifactsCommand.class, CatalogCommand.class, InstancesCommand.class, TopicsCommand.class, WorkerCommand.class,
                PlatformCommand.class, BenchCommand.class, TokensCommand.class, CompletionCommand.class, HelpCommand.class},
        footer = {"", "Start with:", "  riberry dev                      a complete system on this machine", "  riberry forms list               the forms you may submit",
                "  riberry submit --form hello --name first --input name=Ada --wait", "  riberry jobs show first          a job by its name, with its executions",
                "  riberry help executions watch    help on any command"})
public final class Riberry implements Runnable {

    /** The help section that lists the global options once, below each command's own options. */
    static final String GLOBAL_OPTIONS_SECTION = "globalOptions";

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Riberry's error handling: every failure is one line on stderr and an exit code. */
    public static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new Riberry());
        // After the subcommands are added: registering on the root reaches every command below it.
        commandLine.registerConverter(Duration.class, new DurationConverter());
        showGlobalOptionsOnce(commandLine);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            final PrintWriter err = cmd.getErr();
            if (exception instanceof CliException cli) {
                err.println("riberry: " + cli.getMessage());
                return cli.exitCode();
            }
            if (exception instanceof ApiClient.ApiUnreachableException unreachable) {
                err.println("riberry: " + unreachable.getMessage());
                return ExitCodes.FAILURE;
            }
            err.println("riberry: " + describe(exception));
            return ExitCodes.FAILURE;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            exception.getCommandLine().getErr().println("riberry: " + exception.getMessage() + suggestion(exception)
                    + " (see '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    /** "; did you mean submit?" for a mistyped command or option (picocli's own candidates), else nothing. */
    static String suggestion(final CommandLine.ParameterException exception) {
        if (!(exception instanceof UnmatchedArgumentException unmatched)) {
            return "";
        }
        final List<String> candidates = unmatched.getSuggestions();
        return candidates.isEmpty() ? "" : "; did you mean " + String.join(" or ", candidates.subList(0, Math.min(3, candidates.size()))) + "?";
    }

    /**
     * The global options are accepted by every command (they are inherited) but hidden from each
     * command's own option list; one "Global options" section lists them instead, so a command's help
     * shows what is particular to it first.
     */
    private static void showGlobalOptionsOnce(final CommandLine root) {
        final CommandSpec globals = CommandSpec.create();
        for (OptionSpec option : root.getCommandSpec().options()) {
            if (option.scopeType() == ScopeType.INHERIT) {
                globals.addOption(OptionSpec.builder(option).hidden(false).scopeType(ScopeType.LOCAL).build());
            }
        }
        final CommandLine.IHelpSectionRenderer section = help -> {
            globals.usageMessage().width(help.commandSpec().usageMessage().width());
            return help.createHeading("%nGlobal options (before or after the command):%n") + new Help(globals, help.colorScheme()).optionList();
        };
        addSection(root, section);
    }

    private static void addSection(final CommandLine command, final CommandLine.IHelpSectionRenderer section) {
        command.getHelpSectionMap().put(GLOBAL_OPTIONS_SECTION, section);
        final List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        // Setting the keys on a command sets them on its subcommands too: add the section once.
        if (!keys.contains(GLOBAL_OPTIONS_SECTION)) {
            // After the command's own options and its subcommands (empty for a leaf command): what is particular to it first.
            keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, GLOBAL_OPTIONS_SECTION);
            command.setHelpSectionKeys(keys);
        }
        command.getSubcommands().values().forEach(sub -> addSection(sub, section));
    }

    private static String describe(final Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    public GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
