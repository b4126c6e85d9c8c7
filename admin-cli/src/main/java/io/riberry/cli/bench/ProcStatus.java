package io.riberry.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux says of a process in {@code /proc/PID/status}: its live OS threads (every one: Java,
 * GC, JIT compiler), its resident set now and its high-water mark. Absent where there is no /proc.
 */
public record ProcStatus(int threads, long rssBytes, long peakRssBytes) {

    private static final long KIB = 1024;

    /** The process's status now, or empty when it is gone or the system has no /proc. */
    public static Optional<ProcStatus> of(final long pid) {
        final Path file = Path.of("/proc", Long.toString(pid), "status");
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            // Gone, or not Linux: the figure is reported as not available rather than made up.
            return Optional.empty();
        }
    }

    /** Reads the {@code Threads}, {@code VmRSS} and {@code VmHWM} lines (sizes in kB). */
    static ProcStatus parse(final String status) {
        return new ProcStatus((int) field(status, "Threads"), field(status, "VmRSS") * KIB, field(status, "VmHWM") * KIB);
    }

    private static long field(final String status, final String name) {
        return status.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalArgumentException("no " + name + " in /proc status"));
    }
}
