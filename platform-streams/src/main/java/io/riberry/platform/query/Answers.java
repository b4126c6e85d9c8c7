package io.riberry.platform.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a query found, by key, and whether any of it was read from a standby copy, which may lag
 * its active by the last commits (the API then says so in {@code X-Riberry-Possibly-Stale}).
 */
public record Answers<V>(Map<String, V> found, boolean possiblyStale) {

    public Optional<V> get(final String key) {
        return Optional.ofNullable(found.get(key));
    }

    /** The parts a scatter query gathered from every replica. */
    public record Gathered<R>(List<R> parts, boolean possiblyStale) {
    }
}
