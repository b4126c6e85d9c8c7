package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.TaskStatus;
import io.riberry.sdk.ChainResult;
import io.riberry.sdk.StreamScope;
import io.riberry.sdk.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A stream of one execution: reports its own status and each step's, with step ids unique within it. */
final class TrackedStream implements StreamScope {

    private final ExecutionDispatched dispatch;
    private final String name;
    private final String category;
    private final EventPublisher events;
    private final ExecutorService tasks;
    private final AtomicLong nextStep = new AtomicLong();
    private final AtomicBoolean anyFailed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedStream(final ExecutionDispatched dispatch, final String name, final String category, final EventPublisher events,
                  final ExecutorService tasks) {
        this.dispatch = dispatch;
        this.name = name;
        this.category = category;
        this.events = events;
        this.tasks = tasks;
        events.stream(dispatch, name, category, TaskStatus.ACTIVE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T step(final String stepName, final Task<T> task) throws Exception {
        return run(Long.toString(nextStep.incrementAndGet()), stepName, task);
    }

    @Override
    public <T> List<ChainResult<T>> runChains(final Map<String, Task<T>> chains) throws InterruptedException {
        final Map<String, String> stepIds = new LinkedHashMap<>();
        for (String chain : chains.keySet()) {
            final String stepId = Long.toString(nextStep.incrementAndGet());
            stepIds.put(chain, stepId);
            events.step(dispatch, name, stepId, chain, TaskStatus.QUEUED);
        }
        final List<CompletableFuture<ChainResult<T>>> running = new ArrayList<>();
        for (Map.Entry<String, Task<T>> chain : chains.entrySet()) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new ChainResult<>(chain.getKey(), run(stepIds.get(chain.getKey()), chain.getKey(), chain.getValue()), null);
                } catch (Exception e) {
                    return new ChainResult<T>(chain.getKey(), null, e);
                }
            }, tasks));
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

    private <T> T run(final String stepId, final String stepName, final Task<T> task) throws Exception {
        events.step(dispatch, name, stepId, stepName, TaskStatus.ACTIVE);
        try {
            final T value = task.call();
            events.step(dispatch, name, stepId, stepName, TaskStatus.SUCCESS);
            return value;
        } catch (Exception e) {
            anyFailed.set(true);
            events.step(dispatch, name, stepId, stepName, TaskStatus.FAILURE);
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            events.stream(dispatch, name, category, anyFailed.get() ? TaskStatus.FAILURE : TaskStatus.SUCCESS);
        }
    }
}
