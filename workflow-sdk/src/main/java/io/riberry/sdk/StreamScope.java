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

    /** Runs {@code task} now, on this thread, as a tracked step (ACTIVE, then SUCCESS or FAILURE); rethrows its exception. */
    <T> T step(String name, Task<T> task) throws Exception;

    /**
     * Runs one chain per entry on the worker's task pool, each tracked as a step (QUEUED when
     * submitted, ACTIVE, SUCCESS or FAILURE), and waits for all of them. A failed chain does not
     * stop the others; its exception is in its result.
     */
    <T> List<ChainResult<T>> runChains(Map<String, Task<T>> chains) throws InterruptedException;

    @Override
    void close();
}
