package io.riberry.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstancesApiTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:17:30Z");

    @Test
    void shouldGiveTheNextCronTimeAfterNowBeforeTheFirstTickAndAfterTheLatestRunSince() {
        final JobScheduleDefinition hourly = hourly(0);
        assertThat(InstancesApi.nextRun(hourly, null, NOW)).hasValue(Instant.parse("2026-11-29T11:00:00Z"));
        final JobScheduleRuns ranAtNine = runs(Instant.parse("2026-11-29T09:00:00Z"), 3);
        // Ten o'clock was missed (say the instance was offline): it is the next run, due at the next tick.
        assertThat(InstancesApi.nextRun(hourly, ranAtNine, NOW)).hasValue(Instant.parse("2026-11-29T10:00:00Z"));
    }

    @Test
    void shouldHaveNoNextRunWhenDisabledAtItsLimitOrUnparseable() {
        final JobScheduleRuns ranThrice = runs(Instant.parse("2026-11-29T09:00:00Z"), 3);
        assertThat(InstancesApi.nextRun(JobScheduleDefinition.newBuilder(hourly(0)).setEnabled(false).build(), null, NOW)).isEmpty();
        assertThat(InstancesApi.nextRun(hourly(3), ranThrice, NOW)).isEmpty();
        assertThat(InstancesApi.nextRun(hourly(4), ranThrice, NOW)).isPresent();
        assertThat(InstancesApi.nextRun(JobScheduleDefinition.newBuilder(hourly(0)).setCron("61 * * * *").build(), null, NOW)).isEmpty();
    }

    private static JobScheduleDefinition hourly(final int limit) {
        return JobScheduleDefinition.newBuilder().setName("hourly").setForm("hello").setCron("0 * * * *").setLimit(limit).build();
    }

    private static JobScheduleRuns runs(final Instant dueAfter, final int total) {
        return JobScheduleRuns.newBuilder().setSchedule("hourly").setDueAfter(dueAfter).setTotalRuns(total).setLastRunAt(dueAfter).build();
    }
}
