package io.riberry.sdk;

import java.util.List;
import java.util.Map;

/**
 * A stream: a logical group of tasks whose progress Riberry tracks. It is ACTIVE from
 * {@link ExecutionContext#stream(String)} until {@link #close()}, which ends it SUCCESS: steps that
 * failed and fell back are counted failed (and fallen back), yet the scope completed. It ends
 * FAILURE when the scope ends by an exception: a step failing without a fallback ends the execution,
 * and the platform closes the execution's open streams with its status (FAILURE also when it is
 * cancelled or its worker is lost). Java's {@code close()} cannot see other exceptions leaving a
 * try block; they end the execution FAILURE too, and the stream with it, once close reported nothing
 * (it reports nothing once the execution ended).
 *
 * <p>Declare how many steps or chains it will run with {@link #expect(int)} (or
 * {@link ExecutionContext#stream(String, int)}): only then does Riberry show a percentage and an ETA
 * for it; without one it shows counts and a rate.
 */
public interface StreamScope extends AutoCloseable {

    /** @return the stream's name */
    String name();

    /**
     * Declares how many steps or chains this stream will run in all, so that its percent complete
     * and ETA can be computed (from the steps finished over this total). May be called again to
     * correct it; a total smaller than the steps already counted is taken as that count.
     *
     * @param total the number of steps (each chain is one) the stream expects, 0 or more
     * @return this stream
     * @throws IllegalArgumentException when {@code total} is negative
     */
    StreamScope expect(int total);

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

    /** Ends the stream SUCCESS (its failed steps fell back). Nothing is reported once the execution ended: the platform closes it then. */
    @Override
    void close();
}
