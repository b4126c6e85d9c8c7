package io.riberry.sdk.internal;

import io.riberry.schema.TaskStatus;
import io.riberry.sdk.ChainResult;
import io.riberry.sdk.ExecutionEndedException;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.Task;
import io.riberry.sdk.TaskFailedException;
import io.riberry.sdk.TaskOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A stream of one execution: reports its own status and each step's, with step ids unique within it. */
final class TrackedStream implements StreamScope {

    private final ExecutionRun run;
    private final String name;
    private final String category;
    private final AtomicLong nextStep = new AtomicLong();
    private final AtomicBoolean anyFailed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedStream(final ExecutionRun run, final String name, final String category) {
        this.run = run;
        this.name = name;
        this.category = category;
        run.events.stream(run.dispatch, name, category, TaskStatus.ACTIVE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T step(final String stepName, final TaskOptions<T> options, final Task<T> task) {
        return run(Long.toString(nextStep.incrementAndGet()), stepName, options, task);
    }

    @Override
    public <T> List<ChainResult<T>> runChains(final Map<String, Task<T>> chains, final TaskOptions<T> options) throws InterruptedException {
        final Map<String, String> stepIds = new LinkedHashMap<>();
        for (String chain : chains.keySet()) {
            final String stepId = Long.toString(nextStep.incrementAndGet());
            stepIds.put(chain, stepId);
            run.events.step(run.dispatch, name, stepId, chain, TaskStatus.QUEUED);
        }
        final List<CompletableFuture<ChainResult<T>>> running = new ArrayList<>();
        for (Map.Entry<String, Task<T>> chain : chains.entrySet()) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new ChainResult<>(chain.getKey(), run(stepIds.get(chain.getKey()), chain.getKey(), options, chain.getValue()), null);
                } catch (RuntimeException e) {
                    return new ChainResult<T>(chain.getKey(), null, e);
                }
            }, run.tasks));
        }
        final List<ChainResult<T>> results = new ArrayList<>();
        for (CompletableFuture<ChainResult<T>> chain : running) {
            try {
                results.add(chain.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("A chain escaped its own error handling", e.getCause());
            }
        }
        return results;
    }

    private <T> T run(final String stepId, final String stepName, final TaskOptions<T> options, final Task<T> task) {
        if (run.ended()) {
            throw new ExecutionEndedException(run.dispatch.getExecutionId());
        }
        run.events.step(run.dispatch, name, stepId, stepName, TaskStatus.ACTIVE);
        Exception failure = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0 && !backOff(options, attempt)) {
                break;
            }
            try {
                final T value = task.call();
                run.events.step(run.dispatch, name, stepId, stepName, TaskStatus.SUCCESS);
                return value;
            } catch (Exception e) {
                failure = e;
            }
        }
        anyFailed.set(true);
        run.events.step(run.dispatch, name, stepId, stepName, TaskStatus.FAILURE);
        final String filename = stepName + "-" + run.dispatch.getExecutionId() + "-" + stepId + ".log";
        if (options.fallback().isPresent()) {
            run.errorArtifact(stepName, filename, failure, "Intercepted");
            return options.fallback().get();
        }
        run.errorArtifact(stepName, filename, failure, "Fatal");
        run.endWithFailure(failure);
        throw new TaskFailedException(stepName, failure);
    }

    /** Waits before a retry; false when the execution ended or the thread was interrupted meanwhile. */
    private boolean backOff(final TaskOptions<?> options, final int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(options.backoff(attempt).toMillis());
            return !run.ended();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && !run.ended()) {
            run.events.stream(run.dispatch, name, category, anyFailed.get() ? TaskStatus.FAILURE : TaskStatus.SUCCESS);
        }
    }
}
