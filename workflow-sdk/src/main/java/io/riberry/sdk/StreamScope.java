package io.riberry.sdk;

import java.util.List;
import java.util.Map;

/**
 * A stream: a logical group of task chains whose progress Riberry tracks. It is ACTIVE from
 * {@link ExecutionContext#stream(String)} until {@link #close()}, which ends it SUCCESS, or
 * FAILURE if any of its steps failed.
 */
public interface StreamScope extends AutoCloseable {

    String name();

    /**
     * Runs {@code task} now, on this thread, as a tracked step (ACTIVE, then SUCCESS or FAILURE)
     * with the default {@link TaskOptions}: no retry, no fallback, so a failure ends the execution.
     */
    default <T> T step(final String name, final Task<T> task) {
        return step(name, TaskOptions.defaults(), task);
    }

    /**
     * Runs {@code task} as a tracked step with {@code options}. Answers its value or its fallback;
     * throws {@link TaskFailedException} when it failed without one (the execution has then ended),
     * and {@link ExecutionEndedException} without running it when the execution already ended.
     */
    <T> T step(String name, TaskOptions<T> options, Task<T> task);

    /**
     * Runs one chain per entry on the worker's task pool, each tracked as a step (QUEUED when
     * submitted, ACTIVE, SUCCESS or FAILURE), and waits for all of them. A failed chain does not
     * stop the others; its exception is in its result.
     */
    default <T> List<ChainResult<T>> runChains(final Map<String, Task<T>> chains) throws InterruptedException {
        return runChains(chains, TaskOptions.defaults());
    }

    /** {@link #runChains(Map)} with {@code options} for every chain. */
    <T> List<ChainResult<T>> runChains(Map<String, Task<T>> chains, TaskOptions<T> options) throws InterruptedException;

    @Override
    void close();
}
