package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry help [COMMAND...]}: the help of any command, however deep ({@code riberry help
 * executions watch}); picocli's own HelpCommand looks one level down only.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Show the help of a command, e.g. riberry help executions watch.")
public final class HelpCommand extends RiberryCommand {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands.")
    List<String> path = List.of();

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        for (String name : path) {
            final CommandLine next = command.getSubcommands().get(name);
            if (next == null) {
                final String known = String.join(", ", command.getSubcommands().keySet());
                throw new CliException("no command " + name + " in " + command.getCommandSpec().qualifiedName() + " (its commands: "
                        + known + ")", ExitCodes.USAGE);
            }
            command = next;
        }
        command.usage(out());
        return ExitCodes.OK;
    }
}
