package io.riberry.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    @Test
    void shouldFindTheNextMinuteMatchingEveryField() {
        final CronExpression everyFive = CronExpression.parse("*/5 * * * *", "UTC");
        assertThat(everyFive.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-01T12:05:00Z"));
        assertThat(everyFive.nextAfter(at("2026-05-01T12:04:59Z"))).contains(at("2026-05-01T12:05:00Z"));

        final CronExpression weekdayMornings = CronExpression.parse("30 9 * * mon-fri", "UTC");
        // 2026-05-01 is a Friday: the next weekday 09:30 after Friday noon is Monday.
        assertThat(weekdayMornings.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-04T09:30:00Z"));

        final CronExpression listsAndRanges = CronExpression.parse("0 8-10/2,17 1 jan,jul *", "UTC");
        assertThat(listsAndRanges.nextAfter(at("2026-05-01T00:00:00Z"))).contains(at("2026-07-01T08:00:00Z"));
        assertThat(listsAndRanges.nextAfter(at("2026-07-01T08:00:00Z"))).contains(at("2026-07-01T10:00:00Z"));
        assertThat(listsAndRanges.nextAfter(at("2026-07-01T10:00:00Z"))).contains(at("2026-07-01T17:00:00Z"));
    }

    @Test
    void shouldReadTheExpressionInItsTimeZone() {
        final CronExpression nineInSydney = CronExpression.parse("0 9 * * *", "Australia/Sydney");
        // Sydney is UTC+10 in May: 09:00 there is 23:00 UTC the day before.
        assertThat(nineInSydney.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-01T23:00:00Z"));
        final CronExpression nineInNewYork = CronExpression.parse("@daily", "America/New_York");
        assertThat(nineInNewYork.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-02T04:00:00Z"));
    }

    @Test
    void shouldDueADayMatchingEitherDayFieldWhenBothAreRestricted() {
        final CronExpression firstOrSunday = CronExpression.parse("0 0 1 * sun", "UTC");
        // After Friday 2026-05-01: Sunday the 3rd comes before June 1st.
        assertThat(firstOrSunday.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-03T00:00:00Z"));
        final CronExpression sundayAsSeven = CronExpression.parse("0 0 * * 7", "UTC");
        assertThat(sundayAsSeven.nextAfter(at("2026-05-01T12:00:00Z"))).contains(at("2026-05-03T00:00:00Z"));
    }

    @Test
    void shouldAnswerOnlyTheLatestMissedTimeAfterDowntime() {
        final CronExpression hourly = CronExpression.parse("@hourly", "UTC");
        assertThat(hourly.latestDue(at("2026-05-01T12:00:00Z"), at("2026-05-01T17:30:00Z"))).contains(at("2026-05-01T17:00:00Z"));
        assertThat(hourly.latestDue(at("2026-05-01T12:00:00Z"), at("2026-05-01T12:59:59Z"))).isEmpty();
        final CronExpression minutely = CronExpression.parse("* * * * *", "UTC");
        assertThat(minutely.latestDue(at("2020-01-01T00:00:00Z"), at("2026-05-01T12:00:30Z")))
                .as("years of missed minutes are one run").contains(at("2026-05-01T12:00:00Z"));
    }

    @Test
    void shouldNeverDueAnImpossibleDate() {
        assertThat(CronExpression.parse("0 0 30 feb *", "UTC").nextAfter(at("2026-05-01T12:00:00Z"))).isEmpty();
    }

    @Test
    void shouldRefuseInvalidExpressionsWithTheReason() {
        assertThatThrownBy(() -> CronExpression.parse("* * * *", "UTC")).hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *", "UTC")).hasMessageContaining("minute 61 is not within 0-59");
        assertThatThrownBy(() -> CronExpression.parse("* * * * funday", "UTC")).hasMessageContaining("\"funday\" is not a valid day of week");
        assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *", "UTC")).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("* * * * *", "Mars/Olympus")).hasMessage("unknown time zone \"Mars/Olympus\"");
    }

    private static Instant at(final String instant) {
        return Instant.parse(instant);
    }
}
