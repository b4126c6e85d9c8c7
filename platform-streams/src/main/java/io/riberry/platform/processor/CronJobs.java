package io.riberry.platform.processor;

import io.riberry.platform.schedule.JobScheduleClock;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.JobScheduleRuns;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cron job schedules of the forms of the instance task's instances: each tick, those due
 * (see {@link JobScheduleClock}) submit a job, counted in the schedule-runs store.
 */
final class CronJobs {

    private static final Logger LOG = LoggerFactory.getLogger(CronJobs.class);

    private final ProcessorContext<String, Object> context;
    private final CatalogView catalog;
    private final KeyValueStore<String, JobScheduleRuns> runs;

    CronJobs(final ProcessorContext<String, Object> context, final CatalogView catalog, final KeyValueStore<String, JobScheduleRuns> runs) {
        this.context = context;
        this.catalog = catalog;
        this.runs = runs;
    }

    /** Runs the due schedules of forms whose instance this task owns; {@code online} says whether an instance is ONLINE. */
    void runDue(final Instant now, final Predicate<String> owned, final Predicate<String> online) {
        for (JobScheduleDefinition schedule : catalog.jobSchedules()) {
            final Optional<FormDefinition> form = catalog.form(schedule.getForm());
            if (form.isEmpty() || !owned.test(form.get().getInstance())) {
                continue;
            }
            final JobScheduleRuns previous = runs.get(schedule.getName());
            final JobScheduleClock.Tick tick;
            try {
                tick = JobScheduleClock.tick(schedule, previous, now, online.test(form.get().getInstance()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Job schedule {} is invalid and skipped: {}", schedule.getName(), e.getMessage());
                continue;
            }
            if (!tick.runs().equals(previous)) {
                runs.put(schedule.getName(), tick.runs());
            }
            tick.submitFor().ifPresent(due -> submit(schedule, due, now));
        }
    }

    /** A due schedule submits a job like anyone else: intake validates it against its form. */
    private void submit(final JobScheduleDefinition schedule, final Instant due, final Instant now) {
        final String jobId = JobScheduleClock.jobId(schedule.getName(), due);
        final JobSubmitted job = JobSubmitted.newBuilder()
                .setJobId(jobId)
                .setForm(schedule.getForm())
                .setName(JobScheduleClock.jobName(schedule.getName(), due))
                .setInputs(new HashMap<>(schedule.getInputs()))
                .setPriority(schedule.getPriority())
                .setSubmittedBy("schedule:" + schedule.getName())
                .setSubmittedAt(now)
                .setSource("schedule")
                .build();
        LOG.info("Job schedule {} is due at {}: submitting job {}", schedule.getName(), due, jobId);
        context.forward(new Record<>(jobId, (Object) job, now.toEpochMilli()), ProcessorNames.JOB_INPUTS_SINK);
    }
}
