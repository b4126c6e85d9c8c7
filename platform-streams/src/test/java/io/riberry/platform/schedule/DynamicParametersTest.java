package io.riberry.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riberry.schema.InstanceScheduleDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule windows across days, midnight and time zones, and which schedule wins a parameter. */
class DynamicParametersTest {

    @Test
    void shouldApplyAWindowOnlyOnItsDaysBetweenItsTimesInItsZone() {
        final InstanceScheduleDefinition weekdayOfficeHoursInBerlin = schedule("accept", "N", "mon,tue,wed,thu,fri", "09:00", "17:00",
                "Europe/Berlin", 64);
        // 2026-05-01 is a Friday; Berlin is UTC+2 in May.
        assertThat(active(weekdayOfficeHoursInBerlin, "2026-05-01T06:59:59Z")).isEmpty();
        assertThat(active(weekdayOfficeHoursInBerlin, "2026-05-01T07:00:00Z")).containsEntry("accept", "N");
        assertThat(active(weekdayOfficeHoursInBerlin, "2026-05-01T15:00:00Z")).containsEntry("accept", "N");
        assertThat(active(weekdayOfficeHoursInBerlin, "2026-05-01T15:00:01Z")).isEmpty();
        assertThat(active(weekdayOfficeHoursInBerlin, "2026-05-02T10:00:00Z")).as("Saturday").isEmpty();
    }

    @Test
    void shouldRunAWindowWhoseEndIsBeforeItsStartOverMidnightIntoTheNextDay() {
        final InstanceScheduleDefinition fridayNight = schedule("limit", "10", "fri", "22:00", "06:00", "UTC", 64);
        assertThat(active(fridayNight, "2026-05-01T21:59:00Z")).isEmpty();
        assertThat(active(fridayNight, "2026-05-01T23:30:00Z")).containsEntry("limit", "10");
        assertThat(active(fridayNight, "2026-05-02T05:59:59Z")).as("Saturday morning is still Friday's night").containsEntry("limit", "10");
        assertThat(active(fridayNight, "2026-05-02T06:00:01Z")).isEmpty();
        assertThat(active(fridayNight, "2026-05-02T23:00:00Z")).as("Saturday night is not a Friday").isEmpty();
        assertThat(active(fridayNight, "2026-05-01T03:00:00Z")).as("Friday morning belongs to Thursday's night").isEmpty();
    }

    @Test
    void shouldGiveEachParameterTheHighestPriorityThenTheEarliestStart() {
        final List<InstanceScheduleDefinition> schedules = List.of(
                schedule("limit", "5", "*", "00:00", "23:59:59", "UTC", 64),
                schedule("limit", "1", "*", "11:00", "13:00", "UTC", 200),
                schedule("limit", "2", "*", "10:00", "13:00", "UTC", 200),
                schedule("concurrency", "8", "*", "00:00", "23:59:59", "UTC", 1));
        assertThat(DynamicParameters.activeAt(schedules, Instant.parse("2026-05-01T12:00:00Z")))
                .isEqualTo(Map.of("limit", "2", "concurrency", "8"));
        assertThat(DynamicParameters.activeAt(schedules, Instant.parse("2026-05-01T14:00:00Z")))
                .isEqualTo(Map.of("limit", "5", "concurrency", "8"));
    }

    @Test
    void shouldReadYesNoFlagsAndNumbersForgivingly() {
        assertThat(DynamicParameters.isYes(Map.of(), "accept")).isTrue();
        assertThat(DynamicParameters.isYes(Map.of("accept", "n"), "accept")).isFalse();
        assertThat(DynamicParameters.isYes(Map.of("accept", "Y"), "accept")).isTrue();
        assertThat(DynamicParameters.number(Map.of("limit", " 3 "), "limit")).contains(3);
        assertThat(DynamicParameters.number(Map.of("limit", "three"), "limit")).isEmpty();
    }

    @Test
    void shouldRefuseAnInvalidWindowWithTheReasonAndSkipItWhenEvaluating() {
        final InstanceScheduleDefinition badDay = schedule("accept", "N", "mon,someday", "09:00", "17:00", "UTC", 64);
        assertThatThrownBy(() -> ScheduleWindow.of(badDay)).hasMessageContaining("\"someday\" is not one of");
        assertThatThrownBy(() -> ScheduleWindow.of(schedule("accept", "N", "*", "9am", "17:00", "UTC", 64)))
                .hasMessageContaining("start time \"9am\"");
        assertThat(active(badDay, "2026-05-04T10:00:00Z")).isEmpty();
    }

    private static Map<String, String> active(final InstanceScheduleDefinition schedule, final String at) {
        return DynamicParameters.activeAt(List.of(schedule), Instant.parse(at));
    }

    private static InstanceScheduleDefinition schedule(final String parameter, final String value, final String days, final String start,
                                                       final String end, final String zone, final int priority) {
        return InstanceScheduleDefinition.newBuilder().setInstance("i").setParameter(parameter).setValue(value).setDays(days)
                .setStartTime(start).setEndTime(end).setTimezone(zone).setPriority(priority).build();
    }
}
