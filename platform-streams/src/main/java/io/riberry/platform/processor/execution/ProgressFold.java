package io.riberry.platform.processor.execution;

import io.riberry.schema.ProgressCounts;
import io.riberry.schema.TaskStatus;
import java.time.Instant;

/**
 * Riberry's rules for streams and steps, as pure functions: a status event wins only if it is
 * newer than the one that set the current status (ties go to the later state), and counts move
 * by exactly one step per applied change, so folding a replay or an older event changes nothing.
 */
public final class ProgressFold {

    private ProgressFold() {
    }

    /** Whether an event at {@code at} with {@code status} replaces {@code current} set at {@code currentAt}. */
    public static boolean wins(final TaskStatus current, final Instant currentAt, final TaskStatus status, final Instant at) {
        if (current == null) {
            return true;
        }
        final int byTime = at.compareTo(currentAt);
        return byTime > 0 || (byTime == 0 && rank(status) > rank(current));
    }

    /** Counts after one step moved from {@code from} (null: a new step) to {@code to}. */
    public static ProgressCounts move(final ProgressCounts counts, final TaskStatus from, final TaskStatus to) {
        return move(counts, from, to, false);
    }

    /**
     * Counts after one step moved from {@code from} (null: a new step) to {@code to}; a FAILURE
     * that {@code fellBack} is also counted as fallen back (a step reaches FAILURE once: newer wins).
     */
    public static ProgressCounts move(final ProgressCounts counts, final TaskStatus from, final TaskStatus to, final boolean fellBack) {
        final ProgressCounts next = ProgressCounts.newBuilder(counts).build();
        if (from != null) {
            add(next, from, -1);
        }
        add(next, to, 1);
        if (fellBack && to == TaskStatus.FAILURE && from != TaskStatus.FAILURE) {
            next.setFallenBack(next.getFallenBack() + 1);
        }
        return next;
    }

    /**
     * The rate (steps finished per second since {@code startedAt}, as of {@code now}) and, only when
     * the work declared its total, percent complete and an ETA from that rate. Without a declared
     * total the steps counted so far say nothing of what is left, so percent and ETA stay null.
     * A total smaller than the steps already counted is taken as the count: percent never passes 100.
     */
    public static ProgressCounts withEstimates(final ProgressCounts counts, final Long expectedTotal, final Instant startedAt,
                                               final Instant now) {
        final long finished = counts.getSucceeded() + counts.getFailed();
        final long counted = finished + counts.getQueued() + counts.getActive();
        final long elapsedMillis = startedAt == null ? 0 : now.toEpochMilli() - startedAt.toEpochMilli();
        counts.setStepsPerSecond(elapsedMillis <= 0 || finished == 0 ? null : Math.round(finished * 100_000.0 / elapsedMillis) / 100.0);
        if (expectedTotal == null) {
            counts.setPercentComplete(null);
            counts.setEtaMillis(null);
            return counts;
        }
        final long total = Math.max(expectedTotal, counted);
        counts.setPercentComplete(total == 0 ? 100.0 : Math.round(finished * 1000.0 / total) / 10.0);
        final long remaining = total - finished;
        if (remaining == 0) {
            counts.setEtaMillis(0L);
        } else if (finished == 0 || elapsedMillis <= 0) {
            counts.setEtaMillis(null);
        } else {
            counts.setEtaMillis(Math.round(remaining * (double) elapsedMillis / finished));
        }
        return counts;
    }

    private static void add(final ProgressCounts counts, final TaskStatus status, final int delta) {
        switch (status) {
            case QUEUED -> counts.setQueued(Math.max(0, counts.getQueued() + delta));
            case ACTIVE -> counts.setActive(Math.max(0, counts.getActive() + delta));
            case SUCCESS -> counts.setSucceeded(Math.max(0, counts.getSucceeded() + delta));
            case FAILURE -> counts.setFailed(Math.max(0, counts.getFailed() + delta));
            default -> throw new IllegalArgumentException("Unknown status " + status);
        }
    }

    private static int rank(final TaskStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case ACTIVE -> 1;
            case SUCCESS, FAILURE -> 2;
        };
    }
}
