package io.riberry.platform.schedule;

import io.riberry.schema.InstanceScheduleDefinition;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When an instance schedule (a dynamic parameter's value) applies: on its days, from its start to
 * its end time inclusive, in its time zone. A window whose end is before its start runs over
 * midnight: it is active from the start on one of its days until the end on the next day.
 */
public record ScheduleWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    private static final Map<String, DayOfWeek> DAY_NAMES = Map.of(
            "mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY, "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY,
            "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    /** The window of a catalog schedule; an invalid one throws with the reason. */
    public static ScheduleWindow of(final InstanceScheduleDefinition schedule) {
        return new ScheduleWindow(days(schedule.getDays()), time(schedule.getStartTime(), "start"),
                time(schedule.getEndTime(), "end"), Zones.of(schedule.getTimezone()));
    }

    public boolean isActiveAt(final Instant instant) {
        final ZonedDateTime local = instant.atZone(zone);
        final LocalTime time = local.toLocalTime();
        final DayOfWeek day = local.getDayOfWeek();
        if (!end.isBefore(start)) {
            return days.contains(day) && !time.isBefore(start) && !time.isAfter(end);
        }
        return days.contains(day) && !time.isBefore(start) || days.contains(day.minus(1)) && !time.isAfter(end);
    }

    private static Set<DayOfWeek> days(final String days) {
        if (days == null || days.isBlank() || days.trim().equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        final Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
        for (String name : days.split(",")) {
            final DayOfWeek day = DAY_NAMES.get(name.trim().toLowerCase(Locale.ROOT));
            if (day == null) {
                throw new IllegalArgumentException("days \"" + days + "\": \"" + name.trim() + "\" is not one of mon,tue,wed,thu,fri,sat,sun");
            }
            parsed.add(day);
        }
        return parsed;
    }

    private static LocalTime time(final String text, final String what) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(what + " time \"" + text + "\" is not HH:MM or HH:MM:SS");
        }
    }
}
