package io.riberry.platform.processor;

import java.time.Duration;
import java.time.Instant;

/**
 * How far an instance task has read its heartbeats, by the platform's clock: the latest clock
 * tick it has processed. Its partition is read in order, so every heartbeat sent before that tick
 * has been read; an instance or a process is silent only if its latest heartbeat is older than
 * this by more than {@code offlineAfter}. When processing lags, this lags with it, and nobody is
 * judged on heartbeats still waiting unread. A worker that really stops is judged within the
 * timeout plus one tick.
 *
 * <p>Kept in memory, per task, not in a store: a task that starts (a restart, a migration, a
 * revived task) judges no one until it has read its first tick. Ticks come about every second
 * and the task resumes from its committed offsets, so the first one is at most about a second
 * past where the last owner stopped; a stored position would save that second but make a
 * changelog write per tick.
 */
final class HeardUpTo {

    private final Duration offlineAfter;
    /** Null until the task reads its first tick. */
    private Instant position;

    HeardUpTo(final Duration offlineAfter) {
        this.offlineAfter = offlineAfter;
    }

    /**
     * The task read a tick stamped {@code tickedAt}, at {@code now} on this replica's clock.
     * Answers whether the position moved. A tick stamped later than {@code now} counts as
     * {@code now}: a replica whose clock runs ahead, or a forged tick from the future, cannot make
     * everyone silent at once.
     */
    boolean read(final Instant tickedAt, final Instant now) {
        final Instant heard = tickedAt.isAfter(now) ? now : tickedAt;
        if (position != null && !heard.isAfter(position)) {
            return false;
        }
        position = heard;
        return true;
    }

    /** False until the first tick: until then no silence can be judged, nor whether a heartbeat is recent. */
    boolean isKnown() {
        return position != null;
    }

    /** Silent: last heard more than the timeout before what the task has read. Never before the first tick. */
    boolean isSilent(final Instant lastHeard) {
        return position != null && lastHeard.plus(offlineAfter).isBefore(position);
    }
}
