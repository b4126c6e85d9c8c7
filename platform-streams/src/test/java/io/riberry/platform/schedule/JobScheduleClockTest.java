package io.riberry.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobScheduleClockTest {

    private static final Instant SEEN = Instant.parse("2026-05-01T12:00:10Z");

    @Test
    void shouldStartCountingFromWhenTheScheduleIsFirstSeen() {
        final JobScheduleClock.Tick first = JobScheduleClock.tick(hourly(0, true), null, SEEN, true);
        assertThat(first.submitFor()).isEmpty();
        assertThat(first.runs().getDueAfter()).isEqualTo(SEEN);
        assertThat(JobScheduleClock.tick(hourly(0, true), first.runs(), Instant.parse("2026-05-01T12:59:59Z"), true).submitFor()).isEmpty();
    }

    @Test
    void shouldRunTheLatestDueTimeOnceAndCountIt() {
        final JobScheduleRuns seen = JobScheduleRuns.newBuilder().setSchedule("nightly").setDueAfter(SEEN).build();
        final JobScheduleClock.Tick tick = JobScheduleClock.tick(hourly(0, true), seen, Instant.parse("2026-05-01T15:20:00Z"), true);
        assertThat(tick.submitFor()).contains(Instant.parse("2026-05-01T15:00:00Z"));
        assertThat(tick.runs().getTotalRuns()).isEqualTo(1);
        assertThat(tick.runs().getLastJobId()).isEqualTo(JobScheduleClock.jobId("nightly", Instant.parse("2026-05-01T15:00:00Z")));
        assertThat(JobScheduleClock.tick(hourly(0, true), tick.runs(), Instant.parse("2026-05-01T15:59:00Z"), true).submitFor())
                .as("nothing more until 16:00").isEmpty();
    }

    @Test
    void shouldWaitForTheInstanceOnlyWhenAskedTo() {
        final JobScheduleRuns seen = JobScheduleRuns.newBuilder().setSchedule("nightly").setDueAfter(SEEN).build();
        final Instant later = Instant.parse("2026-05-01T13:01:00Z");
        assertThat(JobScheduleClock.tick(hourly(0, true), seen, later, false).submitFor()).isEmpty();
        assertThat(JobScheduleClock.tick(hourly(0, false), seen, later, false).submitFor()).contains(Instant.parse("2026-05-01T13:00:00Z"));
    }

    @Test
    void shouldStopAtItsLimitAndWhenDisabled() {
        final JobScheduleRuns twice = JobScheduleRuns.newBuilder().setSchedule("nightly").setDueAfter(SEEN).setTotalRuns(2).build();
        final Instant later = Instant.parse("2026-05-01T13:01:00Z");
        assertThat(JobScheduleClock.tick(hourly(2, true), twice, later, true).submitFor()).isEmpty();
        assertThat(JobScheduleClock.tick(hourly(3, true), twice, later, true).submitFor()).isPresent();
        final JobScheduleDefinition disabled = JobScheduleDefinition.newBuilder(hourly(0, true)).setEnabled(false).build();
        assertThat(JobScheduleClock.tick(disabled, twice, later, true).submitFor()).isEmpty();
    }

    private static JobScheduleDefinition hourly(final int limit, final boolean runWhenOnline) {
        return JobScheduleDefinition.newBuilder().setName("nightly").setForm("hello").setCron("0 * * * *").setLimit(limit)
                .setRunWhenOnline(runWhenOnline).build();
    }
}
