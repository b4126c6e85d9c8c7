package io.riberry.platform.live;

import io.riberry.platform.http.EventSink;
import io.riberry.platform.query.ExecutionFilters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One open executions listing and the changes on their way to it. A change goes out at once when
 * none went out in the last {@link #WINDOW}, and so does an execution's final state; otherwise it
 * waits for the end of the window, and only an execution's latest state is sent (RECEIVED, READY
 * and ACTIVE of a quick job within one window are one event). A quiet system shows each change at
 * once; a busy one sends batches instead of every intermediate state.
 */
final class ListingStream {

    static final Duration WINDOW = Duration.ofMillis(100);

    /** Where the events go: the listing's open stream. */
    @FunctionalInterface
    interface Sender {
        void send(String event, String data);
    }

    private final EventSink sink;
    private final Sender sender;
    private final ExecutionFilters filters;
    private final ScheduledExecutorService timer;
    private final long windowNanos;
    private final Map<String, String> waiting = new LinkedHashMap<>();
    private long lastSentNanos;
    private boolean flushScheduled;

    ListingStream(final EventSink sink, final ExecutionFilters filters, final ScheduledExecutorService timer) {
        this(sink, sink::send, filters, timer, WINDOW);
    }

    ListingStream(final EventSink sink, final Sender sender, final ExecutionFilters filters, final ScheduledExecutorService timer,
                  final Duration window) {
        this.sink = sink;
        this.sender = sender;
        this.filters = filters;
        this.timer = timer;
        this.windowNanos = window.toNanos();
        this.lastSentNanos = System.nanoTime() - windowNanos;
    }

    EventSink sink() {
        return sink;
    }

    ExecutionFilters filters() {
        return filters;
    }

    /**
     * Sends {@code json}, the new state of {@code executionId}, now or at the end of the current
     * window; a {@code final} state (SUCCESS, FAILURE) goes at once, with whatever waits: the end of
     * an execution is what a user watches for, and it replaces the states before it anyway.
     */
    synchronized void offer(final String executionId, final String json, final boolean finalState) {
        waiting.remove(executionId);
        waiting.put(executionId, json);
        if (finalState) {
            flush();
            return;
        }
        if (flushScheduled) {
            return;
        }
        final long sinceLast = System.nanoTime() - lastSentNanos;
        if (sinceLast >= windowNanos) {
            flush();
        } else {
            flushScheduled = true;
            timer.schedule(this::scheduledFlush, windowNanos - sinceLast, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void scheduledFlush() {
        flushScheduled = false;
        flush();
    }

    private void flush() {
        waiting.values().forEach(json -> sender.send("execution", json));
        waiting.clear();
        lastSentNanos = System.nanoTime();
    }
}
