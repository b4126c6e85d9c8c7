package io.riberry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them, and ISO-8601, on every Duration option. */
class DurationConverterTest {

    @Test
    void shouldReadShortFormsAndIso() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationConverter.parse("1m500ms")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(DurationConverter.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldSayWhichFormsItAcceptsWhenAValueIsNoDuration() {
        for (String bad : new String[] {"", "10", "ten minutes", "10x", "1h 30m", "PTxyz", "h1"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + bad + "' is not a duration (e.g. 30s, 10m, 2h, 1h30m, 500ms, 1d or ISO-8601 PT10M)");
        }
    }

    @Test
    void shouldApplyToEveryDurationOptionAndRefuseABadOneInOneLine() {
        final CliRun bad = CliRun.of("executions", "watch", "some-id", "--interval", "soon");

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: Invalid value for option '--interval': 'soon' is not a duration (e.g. 30s"));
        // A short form reaches the command: the unreachable API is the next thing it meets.
        final CliRun good = CliRun.of("--api", "http://127.0.0.1:1/api/v1", "executions", "watch", "some-id", "--interval", "200ms",
                "--timeout", "1s");
        assertThat(good.err()).contains("not reachable");
    }
}
