package io.riberry.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** How an execution reads in a terminal. */
public final class ExecutionView {

    private ExecutionView() {
    }

    public static List<String[]> fields(final JsonNode execution) {
        final List<String[]> rows = new ArrayList<>();
        add(rows, "Execution", execution, "executionId");
        add(rows, "Status", execution, "status");
        add(rows, "Job", execution, "jobName");
        add(rows, "Job id", execution, "jobId");
        add(rows, "Form", execution, "form");
        add(rows, "Application", execution, "application");
        add(rows, "Instance", execution, "instance");
        add(rows, "Process", execution, "processId");
        add(rows, "Priority", execution, "priority");
        add(rows, "Received", execution, "createdAt");
        add(rows, "Ready", execution, "readyAt");
        add(rows, "Active", execution, "startedAt");
        add(rows, "Completed", execution, "completedAt");
        add(rows, "Progress", execution, "progressMessage");
        // The execution's one percentage; absent when neither its streams' totals nor its worker gave one.
        final JsonNode percent = execution.at("/progress/percentComplete");
        if (percent.isNumber()) {
            rows.add(new String[] {"Percent", String.format(java.util.Locale.ROOT, "%.1f%%", percent.asDouble())});
        }
        if (execution.hasNonNull("error")) {
            rows.add(new String[] {"Error", execution.at("/error/type").asText() + ": " + execution.at("/error/message").asText("")});
        }
        if (execution.path("anomalyCount").asLong(0) > 0) {
            rows.add(new String[] {"Anomalies", execution.get("anomalyCount").asText() + " rejected events"});
        }
        return rows;
    }

    public static List<String> row(final JsonNode execution) {
        return List.of(execution.path("executionId").asText(), execution.path("form").asText(), execution.path("status").asText(),
                execution.path("createdAt").asText(), execution.path("jobName").asText());
    }

    public static final List<String> HEADERS = List.of("EXECUTION", "FORM", "STATUS", "RECEIVED", "JOB");

    private static void add(final List<String[]> rows, final String label, final JsonNode node, final String field) {
        if (node.hasNonNull(field)) {
            rows.add(new String[] {label, node.get(field).asText()});
        }
    }
}
