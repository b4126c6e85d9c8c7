package io.riberry.cli.command;

import picocli.CommandLine.Command;

/** {@code riberry executions ...}. */
@Command(name = "executions", mixinStandardHelpOptions = true, description = "Inspect executions.",
        subcommands = {ExecutionsListCommand.class, ExecutionsShowCommand.class, ExecutionsWatchCommand.class,
                ExecutionsCancelCommand.class, ExecutionsRerunCommand.class})
public final class ExecutionsCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }
}
