package io.riberry.cli;

import io.riberry.cli.command.ArtifactsCommand;
import io.riberry.cli.command.BenchCommand;
import io.riberry.cli.command.CatalogCommand;
import io.riberry.cli.command.DevCommand;
import io.riberry.cli.command.ExecutionsCommand;
import io.riberry.cli.command.InstancesCommand;
import io.riberry.cli.command.PlatformCommand;
import io.riberry.cli.command.SubmitCommand;
import io.riberry.cli.command.TokensCommand;
import io.riberry.cli.command.TopicsCommand;
import io.riberry.cli.command.WorkerCommand;
import io.riberry.platform.client.ApiClient;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code riberry}: submit, inspect and watch workflows, and run a complete dev system. */
@Command(name = "riberry", mixinStandardHelpOptions = true, version = "riberry 0.1.0",
        description = "Riberry on Kafka: run workflows inside your apps and see everything about them.",
        subcommands = {DevCommand.class, SubmitCommand.class, ExecutionsCommand.class, ArtifactsCommand.class, CatalogCommand.class,
                InstancesCommand.class, TopicsCommand.class, WorkerCommand.class, PlatformCommand.class,
                BenchCommand.class, TokensCommand.class})
public final class Riberry implements Runnable {

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
            exception.getCommandLine().getErr().println("riberry: " + exception.getMessage()
                    + " (see '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        return commandLine;
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
