package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry executions show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one execution: status and each state's time.")
public final class ExecutionsShowCommand extends RiberryCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "The execution.")
    String executionId;

    @Override
    public Integer call() {
        final JsonNode execution = ApiErrors.require(global().apiClient().get("/executions/" + executionId)).body();
        if (printer().isJson()) {
            printer().json(execution);
        } else {
            printer().fields(ExecutionView.fields(execution));
        }
        return ExitCodes.OK;
    }
}
