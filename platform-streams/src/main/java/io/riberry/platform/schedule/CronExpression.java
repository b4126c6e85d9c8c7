package io.riberry.platform.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week) read in a time
 * zone, as Riberry's job schedules use it. Fields take {@code *}, values, ranges {@code a-b},
 * steps {@code * /n} and {@code a-b/n}, lists, month and day names; {@code @hourly},
 * {@code @daily}, {@code @weekly}, {@code @monthly} and {@code @yearly} are accepted. When both
 * day fields are restricted a day matching either one is due, as in every cron.
 */
public final class CronExpression {

    /** No five-field expression needs more than this many years to come due again (Feb 29 on a Monday needs 28). */
    private static final int SEARCH_YEARS = 30;
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private final String text;
    private final ZoneId zone;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(final String text, final ZoneId zone) {
        this.text = text;
        this.zone = zone;
        final String expanded = MACROS.getOrDefault(text.trim().toLowerCase(Locale.ROOT), text.trim());
        final String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron \"" + text + "\" must have 5 fields (minute hour day-of-month month day-of-week), not "
                    + fields.length);
        }
        minutes = field(fields[0], 0, 59, List.of(), "minute");
        hours = field(fields[1], 0, 23, List.of(), "hour");
        daysOfMonth = field(fields[2], 1, 31, List.of(), "day of month");
        months = field(fields[3], 1, 12, MONTHS, "month");
        daysOfWeek = field(fields[4], 0, 7, DAYS, "day of week");
        if (daysOfWeek.get(7)) {
            daysOfWeek.set(0);
        }
        dayOfMonthRestricted = !fields[2].startsWith("*");
        dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /** Parses {@code text} read in {@code timezone}; an invalid one throws with the reason. */
    public static CronExpression parse(final String text, final String timezone) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        return new CronExpression(text, Zones.of(timezone));
    }

    /** The first due time strictly after {@code after}; empty when the expression can never match (Feb 30). */
    public Optional<Instant> nextAfter(final Instant after) {
        ZonedDateTime candidate = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        final ZonedDateTime giveUp = candidate.plusYears(SEARCH_YEARS);
        while (candidate.isBefore(giveUp)) {
            if (!months.get(candidate.getMonthValue())) {
                candidate = candidate.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(candidate)) {
                candidate = candidate.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(candidate.getHour())) {
                candidate = candidate.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(candidate.getMinute())) {
                candidate = candidate.plusMinutes(1);
            } else {
                return Optional.of(candidate.toInstant());
            }
        }
        return Optional.empty();
    }

    /**
     * The latest due time in {@code (after, now]}, or empty when none: what a schedule that missed
     * several runs (the platform or the instance was down) runs once, instead of a storm of them.
     */
    public Optional<Instant> latestDue(final Instant after, final Instant now) {
        Optional<Instant> next = nextAfter(after);
        if (next.isEmpty() || next.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant latest = next.get();
        // Walk from near the end rather than from a long-missed start: a minutely schedule down for a year is one step.
        final Instant nearEnd = now.minus(366, ChronoUnit.DAYS);
        if (latest.isBefore(nearEnd)) {
            latest = nextAfter(nearEnd).filter(due -> !due.isAfter(now)).orElse(latest);
        }
        for (next = nextAfter(latest); next.isPresent() && !next.get().isAfter(now); next = nextAfter(latest)) {
            latest = next.get();
        }
        return Optional.of(latest);
    }

    private boolean dayMatches(final ZonedDateTime time) {
        final boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        final boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : time.getDayOfWeek().getValue());
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    private BitSet field(final String field, final int min, final int max, final List<String> names, final String what) {
        final BitSet values = new BitSet(max + 1);
        for (String part : field.split(",")) {
            final String[] rangeAndStep = part.split("/", -1);
            if (rangeAndStep.length > 2) {
                throw invalid(what, part);
            }
            final int step = rangeAndStep.length == 2 ? number(rangeAndStep[1], 1, max, names, what) : 1;
            final String range = rangeAndStep[0];
            final int from;
            final int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                final String[] bounds = range.split("-", -1);
                if (bounds.length != 2) {
                    throw invalid(what, part);
                }
                from = number(bounds[0], min, max, names, what);
                to = number(bounds[1], min, max, names, what);
            } else {
                from = number(range, min, max, names, what);
                to = rangeAndStep.length == 2 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("cron \"" + text + "\": " + what + " range " + part + " runs backwards");
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private int number(final String token, final int min, final int max, final List<String> names, final String what) {
        final int named = names.indexOf(token.toLowerCase(Locale.ROOT));
        if (named >= 0) {
            return named + (names == MONTHS ? 1 : 0);
        }
        try {
            final int value = Integer.parseInt(token);
            if (value < min || value > max) {
                throw new IllegalArgumentException("cron \"" + text + "\": " + what + " " + value + " is not within " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(what, token);
        }
    }

    private IllegalArgumentException invalid(final String what, final String token) {
        return new IllegalArgumentException("cron \"" + text + "\": \"" + token + "\" is not a valid " + what);
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }
}
