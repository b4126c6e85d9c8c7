package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import io.riberry.platform.client.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riberry submit}: submits a job through the HTTP API, optionally waiting for its execution to end. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a job (a form filled with inputs).",
        footer = {"", "Examples:",
            "  riberry submit --form hello --name greet-ada --input name=Ada --wait",
            "  riberry submit --form report --name q3 --file data=./q3.csv --priority 200 --wait --timeout 10m"})
public final class SubmitCommand extends RiberryCommand {

    @Option(names = "--form", required = true, description = "Form to fill.")
    String form;

    @Option(names = "--name", required = true, description = "Job name.")
    String name;

    @Option(names = "--input", paramLabel = "NAME=VALUE", description = "An input value; repeat for more.")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--file", paramLabel = "NAME=PATH", description = "An input file; repeat for more.")
    Map<String, Path> files = new LinkedHashMap<>();

    @Option(names = "--priority", description = "1-255, higher first (default 64).")
    Integer priority;

    @Option(names = "--wait", description = "Wait until the execution ends; exit 0 on SUCCESS, " + ExitCodes.EXECUTION_FAILED + " on FAILURE.")
    boolean await;

    @Option(names = "--timeout", description = "How long --wait waits, e.g. 10m or 1h30m (default 30m).")
    Duration timeout = Duration.ofMinutes(30);

    @Override
    public Integer call() {
        final ApiClient api = global().apiClient();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("form", form);
        body.put("name", name);
        body.put("inputs", inputs);
        body.put("files", files());
        if (priority != null) {
            body.put("priority", priority);
        }
        final JsonNode accepted = ApiErrors.require(api.post("/jobs", body)).body();
        final String executionId = accepted.get("executionId").asText();
        if (!await) {
            if (printer().isJson()) {
                printer().json(accepted);
            } else {
                printer().line("Job " + accepted.get("jobId").asText() + " accepted; execution " + executionId);
            }
            return ExitCodes.OK;
        }
        final JsonNode execution = new ExecutionWaiter(api, timeout).awaitEnd(executionId);
        if (printer().isJson()) {
            printer().json(execution);
        } else {
            printer().fields(ExecutionView.fields(execution));
        }
        if ("SUCCESS".equals(execution.get("status").asText())) {
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("riberry: execution " + executionId + " ended FAILURE: "
                + execution.at("/error/type").asText("") + ": " + execution.at("/error/message").asText(""));
        return ExitCodes.EXECUTION_FAILED;
    }

    private List<Map<String, String>> files() {
        final List<Map<String, String>> encoded = new ArrayList<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            try {
                encoded.add(Map.of("name", file.getKey(), "filename", file.getValue().getFileName().toString(),
                        "content", Base64.getEncoder().encodeToString(Files.readAllBytes(file.getValue()))));
            } catch (IOException e) {
                throw new CliException("cannot read --file " + file.getKey() + "=" + file.getValue() + ": " + e.getMessage());
            }
        }
        return encoded;
    }
}
