package io.riberry.sdk;

/**
 * Why an execution ended FAILURE when its worker process was closed before the entry point
 * finished: the process reports it rather than leave it ACTIVE, since other processes may keep
 * the instance online (so the platform would never fail it as offline).
 */
public class WorkerStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param executionId the execution whose entry point was still running */
    public WorkerStoppedException(final String executionId) {
        super("the worker process stopped before the entry point of execution " + executionId + " finished");
    }
}
