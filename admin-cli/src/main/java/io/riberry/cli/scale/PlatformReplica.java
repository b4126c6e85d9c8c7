package io.riberry.cli.scale;

import io.riberry.cli.LocalPorts;
import io.riberry.cli.Riberry;
import io.riberry.platform.client.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code riberry platform} replica in a JVM of its own, so it can be killed outright (SIGKILL:
 * no goodbye, no leave-group), as a crash would. Started again with the same settings it is the
 * same replica: same state directory, HTTP address and static member name.
 */
public final class PlatformReplica implements AutoCloseable {

    /** As a deployment would give each replica; the platform's stores live off-heap in RocksDB. */
    private static final String HEAP = "512m";

    /** Shared by every replica this process starts, so they may ask each other. */
    private static final String REPLICA_SECRET = java.util.UUID.randomUUID().toString();

    private final String name;
    private final Map<String, String> environment;
    private final int httpPort;
    private final PrintStream log;
    private Process process;
    private volatile String startupReport;

    private PlatformReplica(final String name, final Map<String, String> environment, final int httpPort, final PrintStream log) {
        this.name = name;
        this.environment = environment;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * A replica named {@code name} of the platform configured by {@code settings} ({@code RIBERRY_*}
     * variables), with its own state under {@code stateDir} and its own HTTP port. Not started yet.
     */
    public static PlatformReplica of(final String name, final Map<String, String> settings, final Path stateDir, final PrintStream log) {
        final int port = LocalPorts.free();
        final Map<String, String> environment = new HashMap<>(settings);
        environment.put("RIBERRY_HTTP_PORT", Integer.toString(port));
        environment.put("RIBERRY_HTTP_HOST", "127.0.0.1");
        environment.put("RIBERRY_STATE_DIR", stateDir.resolve(name).toString());
        environment.put("RIBERRY_GROUP_INSTANCE_ID", name);
        // Replicas started from one state directory form one system: one admin token, one replica secret.
        environment.putIfAbsent("RIBERRY_AUTH_ADMIN_TOKEN_FILE", stateDir.resolve("admin.token").toString());
        environment.putIfAbsent("RIBERRY_AUTH_REPLICA_SECRET", REPLICA_SECRET);
        return new PlatformReplica(name, environment, port, log);
    }

    /** Starts the JVM; {@link #awaitReady} tells when it serves. */
    public PlatformReplica start() {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + HEAP,
                "-cp", System.getProperty("java.class.path"), Riberry.class.getName(), "platform")
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            startupReport = null;
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start replica " + name + ": " + e.getMessage(), e);
        }
        final Process started = process;
        final Thread echo = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.println("[" + name + "] " + line);
                    if (line.contains("Startup took")) {
                        startupReport = line.substring(line.indexOf("Startup took"));
                    }
                }
            } catch (IOException e) {
                // Killed: its output ends.
            }
        }, name + "-output");
        echo.setDaemon(true);
        echo.start();
        return this;
    }

    /** Waits until {@code GET /health/ready} answers 200; answers how long that took. */
    public Duration awaitReady(final Duration timeout) {
        final long started = System.nanoTime();
        final long deadline = started + timeout.toNanos();
        final ApiClient api = api();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("replica " + name + " exited with " + process.exitValue());
            }
            try {
                if (api.get("/health/ready").status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (ApiClient.ApiUnreachableException e) {
                // Not listening yet.
            }
            pause(100);
        }
        throw new IllegalStateException("replica " + name + " was not ready within " + timeout.toSeconds() + " s");
    }

    /** The replica's own account of its last start (see the platform's StartupTimeline), once it logged it. */
    public String startupReport(final Duration wait) {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (startupReport == null && System.nanoTime() < deadline) {
            pause(50);
        }
        return startupReport == null ? "(not logged)" : startupReport;
    }

    public String name() {
        return name;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + httpPort + "/api/v1";
    }

    /** The replica's API as the system's administrator (the token its start wrote). */
    public ApiClient api() {
        final String tokenFile = environment.get("RIBERRY_AUTH_ADMIN_TOKEN_FILE");
        String token = null;
        try {
            if (tokenFile != null && java.nio.file.Files.exists(Path.of(tokenFile))) {
                token = java.nio.file.Files.readString(Path.of(tokenFile)).trim();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin token " + tokenFile + ": " + e.getMessage(), e);
        }
        return new ApiClient(apiUrl(), token);
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the replica leaves the group and closes its stores, as on a deploy. */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(final long millis) {
        try {
            new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
