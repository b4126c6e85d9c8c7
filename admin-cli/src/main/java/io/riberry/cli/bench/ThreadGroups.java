package io.riberry.cli.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A process's Java thread names, grouped by who made them: Riberry ({@code riberry-*}), the Kafka
 * clients ({@code kafka-*}), the JVM itself, the JMX agent the benchmark reads through (there only
 * because it is measured), and everything else. Within a group, names that differ only by numbers
 * are counted together ({@code pool-N-thread-N x4}).
 */
public final class ThreadGroups {

    public static final String RIBERRY = "riberry-*";
    public static final String KAFKA = "kafka-*";
    public static final String JVM = "JVM";
    public static final String JMX = "JMX agent (the probe)";
    public static final String OTHER = "other";
    private static final List<String> ORDER = List.of(RIBERRY, KAFKA, OTHER, JVM, JMX);
    private static final Set<String> JVM_THREADS = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "DestroyJavaVM", "process reaper");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** Group -> normalised name -> how many threads carry it; every group present, in a fixed order. */
    private final Map<String, Map<String, Integer>> groups = new LinkedHashMap<>();

    private ThreadGroups() {
        ORDER.forEach(group -> groups.put(group, new TreeMap<>()));
    }

    public static ThreadGroups of(final Collection<String> names) {
        final ThreadGroups grouped = new ThreadGroups();
        for (String name : names) {
            grouped.groups.get(groupOf(name)).merge(NUMBER.matcher(name).replaceAll("N"), 1, Integer::sum);
        }
        return grouped;
    }

    static String groupOf(final String name) {
        if (name.startsWith("riberry-")) {
            return RIBERRY;
        }
        if (name.startsWith("kafka-")) {
            return KAFKA;
        }
        if (JVM_THREADS.contains(name)) {
            return JVM;
        }
        if (name.startsWith("RMI ") || name.startsWith("JMX ")) {
            return JMX;
        }
        return OTHER;
    }

    public int count(final String group) {
        return groups.get(group).values().stream().mapToInt(Integer::intValue).sum();
    }

    public int total() {
        return ORDER.stream().mapToInt(this::count).sum();
    }

    /** {@code riberry-* 6, kafka-* 7, ...}: every group's count. */
    public String counts() {
        final StringBuilder line = new StringBuilder();
        for (String group : ORDER) {
            line.append(line.isEmpty() ? "" : ", ").append(group).append(' ').append(count(group));
        }
        return line.toString();
    }

    /** The names of one group, {@code name xN} where several threads share one. */
    public String names(final String group) {
        final StringBuilder line = new StringBuilder();
        groups.get(group).forEach((name, count) ->
                line.append(line.isEmpty() ? "" : ", ").append(name).append(count > 1 ? " x" + count : ""));
        return line.toString();
    }

    public List<String> groups() {
        return ORDER;
    }
}
