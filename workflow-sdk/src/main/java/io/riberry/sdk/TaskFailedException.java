package io.riberry.sdk;

/** A task failed without a fallback: its execution has ended FAILURE. Carries the task's own exception as the cause. */
public class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param task  the task's name
     * @param cause what its last attempt threw
     */
    public TaskFailedException(final String task, final Exception cause) {
        super("task " + task + " failed: " + cause, cause);
    }
}
