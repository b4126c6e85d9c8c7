package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry executions cancel ID [--reason R]}: the execution ends FAILURE, with an artifact
 * saying who cancelled it (the token's subject: the platform believes no name a client sends) and why.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a live execution.",
        footer = {"", "Examples:", "  riberry executions cancel nap --reason \"wrong inputs\""})
public final class ExecutionsCancelCommand extends RiberryCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = References.EXECUTION_HELP)
    String executionId;

    @Option(names = "--reason", description = "Why, recorded with the execution.")
    String reason;

    @Override
    public Integer call() {
        final Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        executionId = resolveExecution(executionId);
        ApiErrors.require(global().apiClient().post("/executions/" + executionId + "/cancel", body));
        printer().line("Cancel of execution " + executionId + " requested.");
        return ExitCodes.OK;
    }
}
