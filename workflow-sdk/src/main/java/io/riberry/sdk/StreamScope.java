package io.riberry.sdk;

import java.util.List;
import java.util.Map;

/**
 * A stream: a logical group of tasks whose progress Riberry tracks. It is ACTIVE from
 * {@link ExecutionContext#stream(String)} until {@link #close()}, which ends it SUCCESS, or
 * FAILURE if any of its steps failed.
 */
public interface StreamScope extends AutoCloseable {

    /** @return the stream's name */
    String name();

    /**
     * Runs {@code task} now, on this thread, as a tracked step (ACTIVE, then SUCCESS or FAILURE)
     * with the default {@link TaskOptions}: no retry, no fallback, so a failure ends the execution.
     *
     * @param name the step's name, shown to users
     * @param task the work
     * @param <T>  the type of its value
     * @return its value
     * @throws TaskFailedException     when it failed (the execution has then ended FAILURE)
     * @throws ExecutionEndedException without running it, when the execution already ended
     */
    default <T> T step(final String name, final Task<T> task) {
        return step(name, TaskOptions.defaults(), task);
    }

    /**
     * Runs {@code task} now as a tracked step with {@code options}.
     *
     * @param name    the step's name, shown to users
     * @param options its retries, timeout, fallback and cancellation
     * @param task    the work
     * @param <T>     the type of its value
     * @return its value, or its fallback
     * @throws TaskFailedException     when it failed without a fallback (the execution has then ended FAILURE)
     * @throws ExecutionEndedException when the execution ended before or while it ran
     */
    <T> T step(String name, TaskOptions<T> options, Task<T> task);

    /**
     * Runs one chain per entry, each tracked as a step (QUEUED when submitted, ACTIVE, SUCCESS or
     * FAILURE), and waits for all of them. Chains run on the execution's own pool, as many at once
     * as the instance's {@code concurrency} (the worker's setting, or the dynamic parameter, which
     * resizes it live): concurrent executions never wait for each other's chains. A failed chain
     * does not stop the others, unless it fails without a fallback: the execution then ends, and
     * chains not yet started do not run. Called from within a chain, the sub-chains run one after
     * the other on that chain's thread (the pool's threads may all be waiting for their own).
     *
     * @param chains the tasks by chain name, in the order their results are wanted
     * @param <T>    the type of their values
     * @return one result per chain, in the order of {@code chains}
     * @throws InterruptedException when this thread is interrupted while waiting (the chains are then interrupted)
     */
    default <T> List<ChainResult<T>> runChains(final Map<String, Task<T>> chains) throws InterruptedException {
        return runChains(chains, TaskOptions.defaults());
    }

    /**
     * {@link #runChains(Map)} with {@code options} for every chain.
     *
     * @param chains  the tasks by chain name, in the order their results are wanted
     * @param options retries, timeout, fallback and cancellation of every chain
     * @param <T>     the type of their values
     * @return one result per chain, in the order of {@code chains}
     * @throws InterruptedException when this thread is interrupted while waiting
     */
    <T> List<ChainResult<T>> runChains(Map<String, Task<T>> chains, TaskOptions<T> options) throws InterruptedException;

    /** Ends the stream: SUCCESS, or FAILURE if any of its steps failed. Nothing is reported once the execution ended. */
    @Override
    void close();
}
