package io.riberry.cli.bench;

import io.riberry.cli.GlobalOptions;
import io.riberry.cli.LocalPorts;
import io.riberry.cli.Riberry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code riberry worker INSTANCE --config FILE} in a JVM of its own, with a JMX agent on a
 * free local port so that {@link JmxProbe} can read it. Knows when the worker said it runs.
 */
public final class WorkerJvm implements AutoCloseable {

    /** What {@code riberry worker} prints once started, with how long {@code RiberryWorker.start()} took. */
    private static final Pattern RUNNING = Pattern.compile("Worker of \\S+ running(?:, start\\(\\) took (\\d+) ms)?");

    /** How long the worker took to say it runs: from the spawn, and inside {@code start()} if it said. */
    public record Started(Duration sinceSpawn, OptionalLong startMillis) {
    }

    private final Process process;
    private final int jmxPort;
    private final long spawnedNanos;
    private final CompletableFuture<Started> started = new CompletableFuture<>();

    private WorkerJvm(final Process process, final int jmxPort, final long spawnedNanos) {
        this.process = process;
        this.jmxPort = jmxPort;
        this.spawnedNanos = spawnedNanos;
    }

    /**
     * Spawns the worker of {@code instance} configured by the worker properties {@code settings},
     * with a {@code heap} maximum; its output goes to {@code log}, each line marked with {@code label}.
     */
    public static WorkerJvm spawn(final String instance, final Path settings, final String heap, final String label, final PrintStream log) {
        final int jmxPort = LocalPorts.free();
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                // The RMI objects on the same port: one port to find, none picked at random.
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-cp", System.getProperty("java.class.path"), Riberry.class.getName(),
                "worker", instance, "--config", settings.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The settings file says where the cluster is; the CLI's own environment must not override it.
        builder.environment().remove(GlobalOptions.BOOTSTRAP_SERVER_ENV);
        builder.environment().remove(GlobalOptions.REGISTRY_ENV);
        builder.environment().remove(GlobalOptions.API_ENV);
        final long spawned = System.nanoTime();
        final Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a worker JVM: " + e.getMessage(), e);
        }
        final WorkerJvm worker = new WorkerJvm(process, jmxPort, spawned);
        final Thread echo = new Thread(() -> worker.echo(label, log), label + "-output");
        echo.setDaemon(true);
        echo.start();
        return worker;
    }

    private void echo(final String label, final PrintStream log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                final long now = System.nanoTime();
                log.println("[" + label + "] " + line);
                final Matcher running = RUNNING.matcher(line);
                if (!started.isDone() && running.find()) {
                    started.complete(new Started(Duration.ofNanos(now - spawnedNanos),
                            running.group(1) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(running.group(1)))));
                }
            }
        } catch (IOException e) {
            // The process ended: its output ends too.
        }
        if (!started.isDone()) {
            started.completeExceptionally(new IllegalStateException("the worker JVM ended (" + exitOf(process) + ") before it said it runs"));
        }
    }

    private static String exitOf(final Process process) {
        try {
            // Its output closes a moment before the process is reaped.
            return process.waitFor(5, TimeUnit.SECONDS) ? "exit " + process.exitValue() : "still exiting";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "exit unknown";
        }
    }

    /** Waits until the worker says it runs. */
    public Started awaitStarted(final Duration timeout) {
        try {
            return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the worker JVM did not say it runs within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int jmxPort() {
        return jmxPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as Ctrl-C would: the worker says it is stopping and closes its clients. Answers the exit code. */
    public int stop(final Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the worker JVM did not stop within " + timeout.toSeconds() + " s of SIGTERM; killed");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
