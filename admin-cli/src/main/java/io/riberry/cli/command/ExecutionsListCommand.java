package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riberry executions list}: a page of executions, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List executions, newest first.",
        footer = {"", "Examples:", "  riberry executions list --status FAILURE --form report", "  riberry executions list --limit 10 --output json"})
public final class ExecutionsListCommand extends RiberryCommand {

    @Option(names = "--status", description = "RECEIVED, READY, ACTIVE, SUCCESS or FAILURE.")
    String status;

    @Option(names = "--form", description = "Only this form's executions.")
    String form;

    @Option(names = "--application", description = "Only this application's executions.")
    String application;

    @Option(names = "--instance", description = "Only this instance's executions.")
    String instance;

    @Option(names = "--limit", description = "Page size (default 50).")
    int limit = 50;

    @Option(names = "--cursor", description = "Continue after a previous page.")
    String cursor;

    @Override
    public Integer call() {
        final StringBuilder path = new StringBuilder("/executions?limit=").append(limit);
        append(path, "status", status);
        append(path, "form", form);
        append(path, "application", application);
        append(path, "instance", instance);
        append(path, "cursor", cursor);
        final JsonNode page = ApiErrors.require(global().apiClient().get(path.toString())).body();
        if (printer().isJson()) {
            printer().json(page);
            return ExitCodes.OK;
        }
        final List<List<String>> rows = new ArrayList<>();
        page.path("items").forEach(item -> rows.add(ExecutionView.row(item)));
        printer().table(ExecutionView.HEADERS, rows);
        if (page.hasNonNull("nextCursor")) {
            printer().line("more: --cursor " + page.get("nextCursor").asText());
        }
        return ExitCodes.OK;
    }

    private static void append(final StringBuilder path, final String name, final String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
