package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry jobs show JOB}: a job as submitted, what the platform decided, and its executions. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Inspect jobs: what was submitted and what became of it.",
        subcommands = {JobsCommand.ShowJob.class})
public final class JobsCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** {@code riberry jobs show JOB}: by id or by its unique name. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a job: its inputs and files, whether it was ACCEPTED or REJECTED and why, who submitted it, its executions.",
            footer = {"", "Examples:",
                "  riberry jobs show quarterly-report",
                "  riberry jobs show 3f2b8c1e-1d2a-4c5b-9e8f-0a1b2c3d4e5f --output json"})
    public static final class ShowJob extends RiberryCommand {

        @Parameters(paramLabel = "JOB", description = References.JOB_HELP)
        String job;

        @Override
        public Integer call() {
            final String jobId = References.jobId(global().apiClient(), job);
            final JsonNode body = ApiErrors.require(global().apiClient().get("/jobs/" + References.segment(jobId))).body();
            if (printer().isJson()) {
                printer().json(body);
                return ExitCodes.OK;
            }
            printer().fields(List.of(new String[] {"Job", body.path("jobId").asText()},
                    new String[] {"Name", body.path("name").asText()},
                    new String[] {"Form", body.path("form").asText()},
                    new String[] {"Instance", body.path("application").asText() + "/" + body.path("instance").asText()},
                    new String[] {"Decision", body.path("status").asText()},
                    new String[] {"Submitted by", body.path("submittedBy").asText()},
                    new String[] {"Submitted at", body.path("submittedAt").asText()},
                    new String[] {"Priority", body.path("priority").asText()}));
            final JsonNode reasons = body.path("reasons");
            if (!reasons.isEmpty()) {
                printer().line("");
                printer().line("Reasons:");
                reasons.forEach(reason -> printer().line("  " + reason.asText()));
            }
            printer().line("");
            final JsonNode inputs = body.path("inputs");
            if (inputs.isEmpty()) {
                printer().line("No inputs.");
            } else {
                final List<List<String>> rows = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext();) {
                    final Map.Entry<String, JsonNode> input = it.next();
                    rows.add(List.of(input.getKey(), input.getValue().isValueNode() ? input.getValue().asText() : input.getValue().toString()));
                }
                printer().table(List.of("INPUT", "VALUE"), rows);
            }
            final List<List<String>> files = new ArrayList<>();
            body.path("files").forEach(file -> files.add(List.of(file.path("name").asText(), file.path("filename").asText(),
                    file.path("size").asText())));
            if (!files.isEmpty()) {
                printer().line("");
                printer().table(List.of("FILE", "FILENAME", "BYTES"), files);
            }
            printer().line("");
            final List<List<String>> executions = new ArrayList<>();
            body.path("executions").forEach(execution -> executions.add(List.of(execution.path("executionId").asText(),
                    execution.path("status").asText("(not stored yet)"), execution.path("createdAt").asText(""),
                    execution.path("completedAt").asText(""))));
            if (executions.isEmpty()) {
                printer().line("No executions.");
            } else {
                printer().table(List.of("EXECUTION", "STATUS", "CREATED", "COMPLETED"), executions);
            }
            return ExitCodes.OK;
        }
    }
}
