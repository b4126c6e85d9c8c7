package io.riberry.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every {@link Duration} option's values: what people type ({@code 30s}, {@code 10m}, {@code 2h},
 * {@code 1h30m}, {@code 500ms}, {@code 1d}) as well as ISO-8601 ({@code PT10M}). Registered once on the
 * root command line, so a new Duration option gets it without asking.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    static final String ACCEPTED = "e.g. 30s, 10m, 2h, 1h30m, 500ms, 1d or ISO-8601 PT10M";

    /** One or more number+unit parts, largest first by convention (not enforced: 30s1m is 90 seconds). */
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");

    @Override
    public Duration convert(final String value) {
        return parse(value);
    }

    public static Duration parse(final String value) {
        final String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p") || text.startsWith("-p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        if (!WHOLE.matcher(text).matches()) {
            throw invalid(value);
        }
        Duration total = Duration.ZERO;
        final Matcher part = PART.matcher(text);
        try {
            while (part.find()) {
                final long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(value);
        }
        return total;
    }

    private static TypeConversionException invalid(final String value) {
        return new TypeConversionException("'" + value + "' is not a duration (" + ACCEPTED + ")");
    }
}
