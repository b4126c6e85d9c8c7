package io.riberry.sdk;

/** Thrown instead of running a task once the execution has ended (a task failed fatally, or it was cancelled). */
public class ExecutionEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param executionId the execution that ended */
    public ExecutionEndedException(final String executionId) {
        super("execution " + executionId + " has ended; the task was not run");
    }
}
