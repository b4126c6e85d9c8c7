package io.riberry.platform.schedule;

import io.riberry.schema.InstanceScheduleDefinition;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's dynamic parameters: of the schedules whose window is active now, each parameter
 * takes the value of the one with the highest priority, then the earliest start, as in Riberry.
 * A parameter no active schedule sets is absent and keeps its built-in meaning:
 * {@code active} and {@code accept} default to Y, {@code limit} to no limit, and
 * {@code concurrency} to the worker's own setting.
 */
public final class DynamicParameters {

    public static final String ACTIVE = "active";
    public static final String ACCEPT = "accept";
    public static final String LIMIT = "limit";
    public static final String CONCURRENCY = "concurrency";

    private static final Logger LOG = LoggerFactory.getLogger(DynamicParameters.class);
    private static final Comparator<InstanceScheduleDefinition> WINNER_FIRST = Comparator
            .comparingInt(InstanceScheduleDefinition::getPriority).reversed()
            .thenComparing(schedule -> ScheduleWindow.of(schedule).start())
            .thenComparing(InstanceScheduleDefinition::getValue);

    private DynamicParameters() {
    }

    /** Active value by parameter name, sorted by name. */
    public static Map<String, String> activeAt(final Collection<InstanceScheduleDefinition> schedules, final Instant now) {
        return schedules.stream()
                .filter(schedule -> isActive(schedule, now))
                .sorted(WINNER_FIRST)
                .collect(Collectors.toMap(InstanceScheduleDefinition::getParameter, InstanceScheduleDefinition::getValue,
                        (winner, loser) -> winner, TreeMap::new));
    }

    /** False only for an explicit N (any case): Riberry's Y/N flags. */
    public static boolean isYes(final Map<String, String> parameters, final String name) {
        final String value = parameters.get(name);
        return value == null || !value.trim().equalsIgnoreCase("N");
    }

    /** A whole-number parameter, empty when unset or not a number (a typo must not stop an instance). */
    public static Optional<Integer> number(final Map<String, String> parameters, final String name) {
        final String value = parameters.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            LOG.warn("Parameter {} = \"{}\" is not a whole number; ignored", name, value);
            return Optional.empty();
        }
    }

    private static boolean isActive(final InstanceScheduleDefinition schedule, final Instant now) {
        try {
            return ScheduleWindow.of(schedule).isActiveAt(now);
        } catch (IllegalArgumentException e) {
            // The catalog import refuses such a schedule; one published by other means is skipped, not fatal.
            LOG.warn("Instance schedule for {} {} is invalid and ignored: {}", schedule.getInstance(), schedule.getParameter(), e.getMessage());
            return false;
        }
    }
}
