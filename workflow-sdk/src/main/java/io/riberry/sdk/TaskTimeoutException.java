package io.riberry.sdk;

import java.time.Duration;

/** An attempt of a task ran longer than its {@link TaskOptions#withTimeout timeout}. */
public class TaskTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param task  the task's name
     * @param limit the timeout it exceeded
     */
    public TaskTimeoutException(final String task, final Duration limit) {
        super("task " + task + " ran longer than its timeout of " + limit.toMillis() + " ms");
    }
}
