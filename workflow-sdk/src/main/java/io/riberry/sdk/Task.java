package io.riberry.sdk;

/**
 * A unit of work run as a tracked step or chain.
 *
 * @param <T> the type of its value
 */
@FunctionalInterface
public interface Task<T> {

    /**
     * Does the work.
     *
     * @return its value
     * @throws Exception anything: the task failed (retried, fallen back or fatal, by its {@link TaskOptions})
     */
    T call() throws Exception;
}
