package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.output.ExecutionView;
import io.riberry.platform.client.ApiClient;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code riberry executions watch ID}: per-stream progress while the execution runs, then its final
 * state. On a terminal the view is redrawn in place; otherwise each change is appended.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow an execution's streams until it ends.",
        footer = {"", "Examples:", "  riberry executions watch q3", "  riberry executions watch q3 --interval 2s --timeout 30m"})
public final class ExecutionsWatchCommand extends RiberryCommand {

    private static final int BAR_WIDTH = 30;
    /**
     * A job submitted the moment before becomes its execution a moment after its id is known, so a
     * well-formed id that is not there yet is asked again for this long; anything else is unknown at once.
     */
    private static final Duration APPEAR_WITHIN = Duration.ofSeconds(2);
    /** Cursor to the start of the line, then clear to the end of the screen. */
    private static final String CLEAR_BELOW = "\r\u001b[J";

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
        final long appearBy = System.nanoTime() + (looksLikeAnExecutionId(executionId) ? APPEAR_WITHIN.toNanos() : 0);
        // System.console() is non-null only when this process's input and output are a terminal.
        final boolean redraw = System.console() != null && !printer().isJson();
        String shown = "";
        while (System.nanoTime() < deadline) {
            final ApiClient.Answer answer = api.get("/executions/" + executionId);
            if ((answer.status() == 404 && System.nanoTime() < appearBy) || answer.status() == 503) {
                LockSupport.parkNanos(Math.min(interval.toNanos(), Duration.ofMillis(200).toNanos()));
                continue;
            }
            final JsonNode execution = ApiErrors.require(answer).body();
            final JsonNode streams = ApiErrors.require(api.get("/executions/" + executionId + "/streams")).body().path("items");
            final String view = render(execution, streams);
            if (!view.equals(shown)) {
                if (redraw && !shown.isEmpty()) {
                    out().print(cursorUp(lineCount(shown)) + CLEAR_BELOW);
                }
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

    private static boolean looksLikeAnExecutionId(final String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int lineCount(final String view) {
        return (int) view.lines().count();
    }

    private static String cursorUp(final int lines) {
        return "\u001b[" + lines + "A";
    }

    /**
     * The execution's status, its one percentage when it has one, and its message; then one line per
     * stream: a bar with {@code done/expected pct% ETA} when the stream declared its total, otherwise
     * {@code done steps, N/s}: the steps started so far are no measure of what is left.
     */
    static String render(final JsonNode execution, final JsonNode streams) {
        final StringBuilder view = new StringBuilder(execution.path("status").asText());
        final JsonNode executionPercent = execution.path("progress").path("percentComplete");
        if (executionPercent.isNumber()) {
            view.append(String.format(Locale.ROOT, " %.1f%%", executionPercent.asDouble()));
        }
        if (execution.hasNonNull("progressMessage")) {
            view.append("  ").append(execution.get("progressMessage").asText());
        }
        for (JsonNode stream : streams) {
            view.append(String.format("%n  %-20s ", stream.path("stream").asText())).append(streamLine(stream));
        }
        return view.toString();
    }

    static String streamLine(final JsonNode stream) {
        final JsonNode progress = stream.path("progress");
        final long finished = progress.path("succeeded").asLong() + progress.path("failed").asLong();
        final StringBuilder line = new StringBuilder();
        final JsonNode percent = progress.path("percentComplete");
        if (stream.path("expectedTotal").isNumber() && percent.isNumber()) {
            final long expected = Math.max(stream.get("expectedTotal").asLong(),
                    finished + progress.path("queued").asLong() + progress.path("active").asLong());
            final int filled = expected == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, BAR_WIDTH * finished / expected);
            line.append(String.format(Locale.ROOT, "[%s%s] %d/%d %5.1f%%", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled),
                    finished, expected, percent.asDouble()));
            if (progress.path("etaMillis").isNumber() && !isEnded(stream)) {
                line.append(" ETA ").append(humanDuration(Duration.ofMillis(progress.get("etaMillis").asLong())));
            }
        } else {
            line.append(finished).append(finished == 1 ? " step" : " steps");
            if (progress.path("stepsPerSecond").isNumber()) {
                line.append(String.format(Locale.ROOT, ", %.1f/s", progress.get("stepsPerSecond").asDouble()));
            }
        }
        final long failed = progress.path("failed").asLong();
        if (failed > 0) {
            final long fellBack = progress.path("fallenBack").asLong();
            line.append("  failed ").append(failed);
            if (fellBack > 0) {
                line.append(" (").append(fellBack).append(" fell back)");
            }
        }
        return line.append("  ").append(stream.path("status").asText()).toString();
    }

    private static boolean isEnded(final JsonNode stream) {
        final String status = stream.path("status").asText();
        return "SUCCESS".equals(status) || "FAILURE".equals(status);
    }

    private static String humanDuration(final Duration duration) {
        final long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format("%02ds", seconds % 60);
    }
}
