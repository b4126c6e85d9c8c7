package io.riberry.platform.liveness;

import io.riberry.schema.Heartbeat;
import java.time.Instant;
import java.util.List;

/**
 * The platform clock's tick as it travels on the heartbeats topic: a {@link Heartbeat} with an
 * empty instance and application and the reserved process id {@value #PROCESS_ID}, stamped with
 * the publishing replica's clock. A heartbeat is what every reader of that topic already decodes,
 * so the tick needs no schema change and no reader sees a record it cannot read; readers that
 * list worker processes skip records with an empty instance (documented in Heartbeat.avsc).
 */
public final class ClockTicks {

    /** The process id of a clock tick. No worker's: a worker's heartbeat always names its instance. */
    public static final String PROCESS_ID = "riberry-platform-clock";
    /** The record key of a clock tick: it belongs to no instance. Ticks are sent to each partition by number, not by key. */
    public static final String KEY = "";

    private ClockTicks() {
    }

    /** A tick saying the platform's clock read {@code at}. */
    public static Heartbeat at(final Instant at) {
        return new Heartbeat(KEY, KEY, PROCESS_ID, at, List.of(), false, "", 0L, null);
    }

    /** Whether {@code heartbeat} is a clock tick rather than a worker process's heartbeat. */
    public static boolean isTick(final Heartbeat heartbeat) {
        return heartbeat.getInstance().isEmpty() && PROCESS_ID.equals(heartbeat.getProcessId());
    }
}
