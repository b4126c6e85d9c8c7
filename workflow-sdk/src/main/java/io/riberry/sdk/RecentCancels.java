package io.riberry.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executions cancelled lately, whether they run here or not: a dispatch polled just before
 * its cancel must not start afterwards. Bounded, oldest forgotten first: a cancel that matters is
 * only ever this recent. Thread-safe.
 */
final class RecentCancels {

    private final Map<String, Boolean> cancelled;

    RecentCancels(final int capacity) {
        this.cancelled = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(final String executionId) {
        cancelled.put(executionId, Boolean.TRUE);
    }

    synchronized boolean contains(final String executionId) {
        return cancelled.containsKey(executionId);
    }
}
