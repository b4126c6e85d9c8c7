package io.riberry.platform.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Execution ids derive from the job id and the run number, so whoever submits a job (the HTTP API
 * included) knows its first execution's id before the platform has processed it, and a replay
 * of the same job can never mint a second id.
 */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    public static String of(final String jobId, final int run) {
        return UUID.nameUUIDFromBytes((jobId + "#" + run).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The execution a RERUN command creates, known to whoever sent the command. */
    public static String ofRerun(final String commandId) {
        return UUID.nameUUIDFromBytes(("rerun:" + commandId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
