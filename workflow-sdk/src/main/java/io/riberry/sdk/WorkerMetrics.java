package io.riberry.sdk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's meters, tagged by instance (and form where it varies):
 * {@code riberry.worker.executions.running} (gauge), {@code riberry.worker.executions}
 * (counter, outcome success|failure), {@code riberry.worker.task.duration} (timer, outcome
 * success|fallback|failure), {@code riberry.worker.task.retries},
 * {@code riberry.worker.task.fallbacks} and {@code riberry.worker.task.failures} (counters).
 */
final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Tags instanceTags;
    private final AtomicInteger running = new AtomicInteger();

    WorkerMetrics(final MeterRegistry registry, final String instance) {
        this.registry = registry;
        this.instanceTags = Tags.of("instance", instance);
        registry.gauge("riberry.worker.executions.running", instanceTags, running);
    }

    void executionStarted() {
        running.incrementAndGet();
    }

    void executionEnded(final String form, final boolean succeeded) {
        running.decrementAndGet();
        Counter.builder("riberry.worker.executions").description("Executions this process ran, by outcome")
                .tags(instanceTags).tag("form", form).tag("outcome", succeeded ? "success" : "failure")
                .register(registry).increment();
    }

    int running() {
        return running.get();
    }

    void task(final String form, final String outcome, final Duration took) {
        Timer.builder("riberry.worker.task.duration").description("How long tracked tasks took, retries and backoffs included")
                .tags(instanceTags).tag("form", form).tag("outcome", outcome)
                .register(registry).record(took);
        if (!"success".equals(outcome)) {
            Counter.builder("fallback".equals(outcome) ? "riberry.worker.task.fallbacks" : "riberry.worker.task.failures")
                    .tags(instanceTags).tag("form", form).register(registry).increment();
        }
    }

    void retry(final String form) {
        Counter.builder("riberry.worker.task.retries").description("Retries of tracked tasks")
                .tags(instanceTags).tag("form", form).register(registry).increment();
    }
}
