package io.riberry.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A thread's name and the CPU it has used so far. */
public record ThreadCpu(String name, Duration cpu) {

    /**
     * The threads that used the most CPU between two readings (maps by thread id), most first:
     * {@code riberry-heartbeat 0.12 s, ...}; a thread started in between counts from zero.
     */
    public static String busiest(final Map<Long, ThreadCpu> before, final Map<Long, ThreadCpu> after, final int limit) {
        final StringBuilder line = new StringBuilder();
        after.entrySet().stream()
                .map(entry -> new ThreadCpu(entry.getValue().name(), entry.getValue().cpu()
                        .minus(before.containsKey(entry.getKey()) ? before.get(entry.getKey()).cpu() : Duration.ZERO)))
                .filter(thread -> thread.cpu().toMillis() >= 10)
                .sorted(Comparator.comparing(ThreadCpu::cpu).reversed()).limit(limit)
                .forEach(thread -> line.append(line.isEmpty() ? "" : ", ").append(thread.name())
                        .append(String.format(" %.2f s", thread.cpu().toNanos() / 1e9)));
        return line.isEmpty() ? "(none over 10 ms)" : line.toString();
    }

    /**
     * Every OS thread of process {@code pid} (the JVM's GC and JIT compiler threads too), from
     * {@code /proc/PID/task/TID/comm} (names cut at 15 characters) and {@code schedstat} (time on
     * CPU in ns). Empty where there is no /proc.
     */
    public static Map<Long, ThreadCpu> ofOsThreads(final long pid) {
        final Map<Long, ThreadCpu> byId = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    final long onCpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    byId.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadCpu(Files.readString(task.resolve("comm")).trim(), Duration.ofNanos(onCpu)));
                } catch (IOException | NumberFormatException e) {
                    // The thread ended while it was read: it is not counted.
                }
            });
        } catch (IOException e) {
            // No /proc, or the process is gone: nothing to count.
        }
        return byId;
    }
}
