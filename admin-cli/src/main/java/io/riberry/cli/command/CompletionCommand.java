package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry completion bash}: a completion script for every command and option, generated from the command tree itself. */
@Command(name = "completion", mixinStandardHelpOptions = true, description = "Print a shell completion script (bash; zsh reads it too).",
        footer = {"", "Examples:", "  source <(riberry completion bash)", "  riberry completion bash > /etc/bash_completion.d/riberry"})
public final class CompletionCommand extends RiberryCommand {

    @Parameters(paramLabel = "SHELL", description = "bash (zsh: autoload -U bashcompinit && bashcompinit first).")
    String shell;

    @Override
    public Integer call() {
        if (!"bash".equals(shell)) {
            throw new CliException("no completion for shell " + shell + ": bash is the one there is (zsh reads it after bashcompinit)",
                    ExitCodes.USAGE);
        }
        out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
