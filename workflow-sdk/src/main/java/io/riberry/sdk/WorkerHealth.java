package io.riberry.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * How a worker's parts are doing, from {@link RiberryWorker#health()}. Every part heals by
 * itself: a part that is down keeps retrying with backoff and turns up again once its broker or
 * registry answers.
 *
 * @param state the worker's lifecycle state
 * @param parts each part's health by name: {@value #DISPATCH}, {@value #COMMANDS}, {@value #EVENTS}, {@value #REGISTRY}
 */
public record WorkerHealth(State state, Map<String, Part> parts) {

    /** The consumer of the instance's dispatches. */
    public static final String DISPATCH = "dispatch";
    /** The reader of cancels and of the instance's dynamic parameters. */
    public static final String COMMANDS = "commands";
    /** The producer of events, artifacts and heartbeats. */
    public static final String EVENTS = "events";
    /** The schema registry, as the other parts found it. */
    public static final String REGISTRY = "registry";

    /** Where a worker is in its life. */
    public enum State {
        /** Built, not started, or starting. */
        NEW,
        /** Started and not closed. */
        RUNNING,
        /** Closing: finishing what it runs, taking nothing new. */
        STOPPING,
        /** Closed. */
        STOPPED
    }

    /**
     * One part's health.
     *
     * @param up     whether it works now
     * @param since  since when it has been up, or down
     * @param detail why it is down (the last error), or empty
     */
    public record Part(boolean up, Instant since, String detail) {
    }

    /** @return whether the worker runs and every part is up */
    public boolean isUp() {
        return state == State.RUNNING && parts.values().stream().allMatch(Part::up);
    }
}
