package io.riberry.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A stream of one run: reports its own state and each step's, with step ids unique within it, and runs tasks by their options. */
final class TrackedStream implements StreamScope {

    private final ExecutionRun run;
    private final String name;
    private final String category;
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedStream(final ExecutionRun run, final String name, final String category) {
        this.run = run;
        this.name = name;
        this.category = category;
        run.reporter.stream(name, category, TaskState.ACTIVE, null);
    }

    @Override
    public StreamScope expect(final int total) {
        if (total < 0) {
            throw new IllegalArgumentException("a stream expects 0 or more steps, not " + total);
        }
        if (!closed.get() && !run.ended()) {
            run.reporter.stream(name, category, TaskState.ACTIVE, total);
        }
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T step(final String stepName, final TaskOptions<T> options, final Task<T> task) {
        final ChainResult<T> result = run(Long.toString(run.nextStepId(name)), stepName, options, task);
        if (result.status() == ChainResult.Status.FAILURE) {
            throw result.error() instanceof ExecutionEndedException ended ? ended : new TaskFailedException(stepName, result.error());
        }
        return result.value();
    }

    @Override
    public <T> List<ChainResult<T>> runChains(final Map<String, Task<T>> chains, final TaskOptions<T> options) throws InterruptedException {
        final Map<String, String> stepIds = new LinkedHashMap<>();
        for (String chain : chains.keySet()) {
            final String stepId = Long.toString(run.nextStepId(name));
            stepIds.put(chain, stepId);
            run.reporter.step(name, stepId, chain, TaskState.QUEUED, false);
        }
        if (run.onChainThread()) {
            // A chain fanning out again: waiting on the pool it holds a thread of could wait for ever.
            final List<ChainResult<T>> results = new ArrayList<>();
            chains.forEach((chain, task) -> results.add(run(stepIds.get(chain), chain, options, task)));
            return results;
        }
        final List<Future<ChainResult<T>>> running = new ArrayList<>();
        for (Map.Entry<String, Task<T>> chain : chains.entrySet()) {
            running.add(run.chainPool().submit(() -> {
                final List<ChainResult<T>> result = new ArrayList<>(1);
                run.withLoggingContext(() -> result.add(run(stepIds.get(chain.getKey()), chain.getKey(), options, chain.getValue())));
                return result.get(0);
            }));
        }
        final List<ChainResult<T>> results = new ArrayList<>();
        try {
            for (Future<ChainResult<T>> chain : running) {
                results.add(chain.get());
            }
        } catch (InterruptedException e) {
            running.forEach(chain -> chain.cancel(true));
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("A chain escaped its own error handling", e.getCause());
        }
        return results;
    }

    /** Runs a task with its retries, timeout and fallback, tracked as the step {@code stepId}; never throws but for Errors. */
    private <T> ChainResult<T> run(final String stepId, final String stepName, final TaskOptions<T> options, final Task<T> task) {
        if (run.ended()) {
            return new ChainResult<>(stepName, ChainResult.Status.FAILURE, null, new ExecutionEndedException(run.job.executionId()));
        }
        final long startedAt = System.nanoTime();
        run.reporter.step(name, stepId, stepName, TaskState.ACTIVE, false);
        Exception failure = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                if (!options.isRetryable(failure) || !backOff(options, attempt)) {
                    break;
                }
                run.metrics.retry(run.job.form());
            }
            try {
                final T value = attempt(stepName, options, task);
                if (run.ended()) {
                    // Cancelled while it ran: its value is of no use, and the execution reports nothing more.
                    return new ChainResult<>(stepName, ChainResult.Status.FAILURE, null, new ExecutionEndedException(run.job.executionId()));
                }
                run.reporter.step(name, stepId, stepName, TaskState.SUCCESS, false);
                run.metrics.task(run.job.form(), "success", Duration.ofNanos(System.nanoTime() - startedAt));
                return new ChainResult<>(stepName, ChainResult.Status.SUCCESS, value, null);
            } catch (Exception e) {
                failure = e;
                if (run.ended()) {
                    break;
                }
            }
        }
        if (run.ended()) {
            return new ChainResult<>(stepName, ChainResult.Status.FAILURE, null, new ExecutionEndedException(run.job.executionId()));
        }
        run.reporter.step(name, stepId, stepName, TaskState.FAILURE, options.hasFallback());
        final String filename = stepName + "-" + run.job.executionId() + "-" + stepId + ".log";
        final Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        if (options.hasFallback()) {
            run.errorArtifact(stepName, filename, failure, "Intercepted");
            run.metrics.task(run.job.form(), "fallback", took);
            return new ChainResult<>(stepName, ChainResult.Status.FALLBACK, options.fallback(), failure);
        }
        run.errorArtifact(stepName, filename, failure, "Fatal");
        run.metrics.task(run.job.form(), "failure", took);
        run.endWithFailure(failure);
        return new ChainResult<>(stepName, ChainResult.Status.FAILURE, null, failure);
    }

    /** One attempt: on this thread, or, with a timeout, on a timed-task thread this one waits for. */
    private <T> T attempt(final String stepName, final TaskOptions<T> options, final Task<T> task) throws Exception {
        if (options.timeout() == null) {
            return callInterruptibly(options, task);
        }
        final Future<T> attempt = run.taskThreads.timed().submit(() -> {
            final List<T> value = new ArrayList<>(1);
            final Exception[] failure = new Exception[1];
            run.withLoggingContext(() -> {
                try {
                    value.add(callInterruptibly(options, task));
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            return value.get(0);
        });
        try {
            return attempt.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new TaskTimeoutException(stepName, options.timeout());
        } catch (InterruptedException e) {
            attempt.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("the attempt was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private <T> T callInterruptibly(final TaskOptions<T> options, final Task<T> task) throws Exception {
        final Thread current = Thread.currentThread();
        if (!options.interruptOnCancel()) {
            return task.call();
        }
        if (!run.interruptOnEnd(current)) {
            throw new ExecutionEndedException(run.job.executionId());
        }
        try {
            return task.call();
        } finally {
            run.noLongerInterruptOnEnd(current);
        }
    }

    /** Waits before a retry; false when the execution ended or the thread was interrupted meanwhile. */
    private boolean backOff(final TaskOptions<?> options, final int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(options.backoff(attempt, ThreadLocalRandom.current().nextDouble()).toMillis());
            return !run.ended();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        // Steps that fell back are counted failed (and fallen back) in the counts, but the scope completed: SUCCESS.
        // A step failing without a fallback ends the execution, and then the platform closes the stream FAILURE with it.
        if (closed.compareAndSet(false, true) && !run.ended()) {
            run.reporter.stream(name, category, TaskState.SUCCESS, null);
        }
    }
}
