package io.riberry.platform.schedule;

import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a cron job schedule is due, as Riberry's scheduler did: the next run is the
 * first cron time after the previous run's (or, for a new schedule, after it was first seen);
 * after downtime only the latest missed time runs, once; a schedule that runs only when its
 * instance is online waits for it, then runs once; a schedule with a limit stops there.
 */
public final class JobScheduleClock {

    /** What the schedule's record becomes, and the due time to submit a job for, if any. */
    public record Tick(JobScheduleRuns runs, Optional<Instant> submitFor) {
    }

    private JobScheduleClock() {
    }

    public static Tick tick(final JobScheduleDefinition schedule, final JobScheduleRuns previous, final Instant now,
                            final boolean instanceOnline) {
        if (previous == null) {
            return new Tick(JobScheduleRuns.newBuilder().setSchedule(schedule.getName()).setDueAfter(now).build(), Optional.empty());
        }
        final Tick nothing = new Tick(previous, Optional.empty());
        if (!schedule.getEnabled() || schedule.getLimit() > 0 && previous.getTotalRuns() >= schedule.getLimit()) {
            return nothing;
        }
        final Optional<Instant> due = CronExpression.parse(schedule.getCron(), schedule.getTimezone())
                .latestDue(previous.getDueAfter(), now);
        if (due.isEmpty() || schedule.getRunWhenOnline() && !instanceOnline) {
            return nothing;
        }
        final JobScheduleRuns next = JobScheduleRuns.newBuilder(previous)
                .setDueAfter(due.get())
                .setTotalRuns(previous.getTotalRuns() + 1)
                .setLastRunAt(now)
                .setLastJobId(jobId(schedule.getName(), due.get()))
                .build();
        return new Tick(next, due);
    }

    /** The same schedule and due time always make the same job id, so a replayed tick submits nothing new. */
    public static String jobId(final String schedule, final Instant due) {
        return UUID.nameUUIDFromBytes(("schedule:" + schedule + "@" + due.toEpochMilli()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Job names are unique: the schedule's name and the due time. */
    public static String jobName(final String schedule, final Instant due) {
        return schedule + " @ " + due;
    }
}
