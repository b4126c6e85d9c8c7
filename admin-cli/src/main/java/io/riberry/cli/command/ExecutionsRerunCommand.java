package io.riberry.cli.command;

import io.riberry.cli.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry executions rerun ID}: a new execution of the same job, with the same inputs. */
@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = "Run an execution's job again, as a new execution.",
        footer = {"", "Examples:", "  riberry executions rerun q3"})
public final class ExecutionsRerunCommand extends RiberryCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = References.EXECUTION_HELP + " Its job runs again.")
    String executionId;

    @Override
    public Integer call() {
        final String jobId = ApiErrors.require(global().apiClient().get("/executions/" + resolveExecution(executionId))).body()
                .path("jobId").asText();
        final var created = ApiErrors.require(global().apiClient().post("/jobs/" + jobId + "/executions", Map.of())).body();
        if (printer().isJson()) {
            printer().json(created);
        } else {
            printer().line("Execution " + created.path("executionId").asText() + " created: a re-run of job " + jobId + ".");
        }
        return ExitCodes.OK;
    }
}
