package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import io.riberry.platform.client.ApiClient;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riberry executions watch ID}: per-stream progress bars while the execution runs, then its final state. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow an execution's streams until it ends.",
        footer = {"", "Examples:", "  riberry executions watch q3", "  riberry executions watch q3 --interval 2s --timeout 30m"})
public final class ExecutionsWatchCommand extends RiberryCommand {

    private static final int BAR_WIDTH = 30;
    /** A just-submitted job reaches the platform a moment after its id is known; an unknown id fails after this. */
    private static final Duration APPEAR_WITHIN = Duration.ofSeconds(30);

    @Parameters(paramLabel = "EXECUTION_ID", description = References.EXECUTION_HELP)
    String executionId;

    @Option(names = "--interval", description = "How often to look, e.g. PT0.5S (default PT0.5S).")
    Duration interval = Duration.ofMillis(500);

    @Option(names = "--timeout", description = "Give up after this long (default PT1H).")
    Duration timeout = Duration.ofHours(1);

    @Override
    public Integer call() {
        final ApiClient api = global().apiClient();
        executionId = resolveExecution(executionId);
        final long deadline = System.nanoTime() + timeout.toNanos();
        final long appearBy = System.nanoTime() + APPEAR_WITHIN.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            final ApiClient.Answer answer = api.get("/executions/" + executionId);
            if ((answer.status() == 404 && System.nanoTime() < appearBy) || answer.status() == 503) {
                LockSupport.parkNanos(interval.toNanos());
                continue;
            }
            final JsonNode execution = ApiErrors.require(answer).body();
            final JsonNode streams = ApiErrors.require(api.get("/executions/" + executionId + "/streams")).body().path("items");
            final String view = render(execution, streams);
            if (!view.equals(shown)) {
                printer().line(view);
                shown = view;
            }
            final String status = execution.path("status").asText();
            if ("SUCCESS".equals(status) || "FAILURE".equals(status)) {
                printer().fields(ExecutionView.fields(execution));
                return "SUCCESS".equals(status) ? ExitCodes.OK : ExitCodes.EXECUTION_FAILED;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
        throw new CliException("execution " + executionId + " did not end within " + timeout);
    }

    static String render(final JsonNode execution, final JsonNode streams) {
        final StringBuilder view = new StringBuilder(execution.path("status").asText());
        if (execution.hasNonNull("progressMessage")) {
            view.append("  ").append(execution.get("progressMessage").asText());
        }
        for (JsonNode stream : streams) {
            final JsonNode progress = stream.path("progress");
            final long finished = progress.path("succeeded").asLong() + progress.path("failed").asLong();
            final long total = finished + progress.path("queued").asLong() + progress.path("active").asLong();
            final int filled = total == 0 ? 0 : (int) (BAR_WIDTH * finished / total);
            view.append(String.format("%n  %-20s [%s%s] %d/%d  %5.1f%%  failed %d  %s  %s",
                    stream.path("stream").asText(), "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), finished, total,
                    progress.path("percentComplete").asDouble(), progress.path("failed").asLong(),
                    progress.hasNonNull("etaMillis") ? "ETA " + Duration.ofMillis(progress.get("etaMillis").asLong()).toSeconds() + "s" : "ETA ?",
                    stream.path("status").asText()));
        }
        return view.toString();
    }
}
