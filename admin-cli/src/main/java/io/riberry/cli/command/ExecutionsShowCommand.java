package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry executions show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one execution: status and each state's time.",
        footer = {"", "Examples:",
            "  riberry executions show greet-ada",
            "  riberry executions show 6d1f0c9e-0b7a-3c55-9a8e-2f4d1b7c9e10 --output json"})
public final class ExecutionsShowCommand extends RiberryCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = References.EXECUTION_HELP)
    String executionId;

    @Override
    public Integer call() {
        final JsonNode execution = ApiErrors.require(global().apiClient().get("/executions/" + resolveExecution(executionId))).body();
        if (printer().isJson()) {
            printer().json(execution);
        } else {
            printer().fields(ExecutionView.fields(execution));
        }
        return ExitCodes.OK;
    }
}
