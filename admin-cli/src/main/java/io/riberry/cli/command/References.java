package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.platform.client.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the user may type where a command wants an execution or a job: its id, or the job's unique
 * name. Every EXECUTION_ID and JOB parameter goes through here, so each command accepts the same.
 */
final class References {

    /** The help of every EXECUTION_ID parameter. */
    static final String EXECUTION_HELP = "An execution id, or a job's name: that job's latest execution.";
    /** The help of every JOB parameter. */
    static final String JOB_HELP = "A job id or a job's name.";

    /** Ids are UUIDs (ExecutionIds, JobRequests): anything else is a name. */
    private static final Pattern UUID_TEXT = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private References() {
    }

    /**
     * The execution id {@code given} stands for: itself when it is an id; else the latest execution of
     * the job of that name. A value that is neither is passed on as it is, so the command's own lookup
     * answers "no execution X".
     */
    static String executionId(final ApiClient api, final String given) {
        if (isId(given)) {
            return given;
        }
        final ApiClient.Answer byName = api.get("/job-names/" + segment(given));
        if (byName.status() == 404) {
            return given;
        }
        final String jobId = ApiErrors.require(byName).body().path("jobId").asText();
        final JsonNode executions = ApiErrors.require(api.get("/jobs/" + segment(jobId))).body().path("executions");
        if (executions.isEmpty()) {
            throw new CliException("job " + given + " (" + jobId + ") has no execution yet");
        }
        // Executions are listed in the order they were created: the first run, then each re-run.
        return executions.get(executions.size() - 1).path("executionId").asText();
    }

    /** The job id {@code given} stands for: itself when it is an id, else the id of the job of that name. */
    static String jobId(final ApiClient api, final String given) {
        if (isId(given)) {
            return given;
        }
        final ApiClient.Answer byName = api.get("/job-names/" + segment(given));
        return ApiErrors.require(byName).body().path("jobId").asText();
    }

    static boolean isId(final String value) {
        if (!UUID_TEXT.matcher(value).matches()) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A name as one path segment: a job name may hold spaces or slashes. */
    static String segment(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
