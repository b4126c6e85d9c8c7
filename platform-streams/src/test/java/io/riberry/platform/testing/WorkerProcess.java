package io.riberry.platform.testing;

import io.riberry.sdk.RiberryWorker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own, whose entry point for one form never returns, so a test can kill
 * the process outright (SIGKILL: no goodbye, no last report), as a crash or a pulled plug would.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final String READY = "worker ready";

    private final Process process;

    private WorkerProcess(final Process process) {
        this.process = process;
    }

    /** Starts a worker of {@code instance} on the fixture's topics whose {@code form} entry point hangs; returns once it runs. */
    public static WorkerProcess startHanging(final PlatformFixture fixture, final String instance, final String form) {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            final Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    SharedKafka.bootstrapServers(), SharedKafka.registryUrl(), fixture.topics().prefix(), instance, form)
                    .redirectErrorStream(true).start();
            final CountDownLatch ready = new CountDownLatch(1);
            final Thread echo = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        System.out.println("[worker process] " + line);
                        if (line.contains(READY)) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    // The process was killed: its output ends.
                }
            }, "worker-process-output");
            echo.setDaemon(true);
            echo.start();
            if (!ready.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the worker process did not start within 60 s");
            }
            return new WorkerProcess(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a worker process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a worker process", e);
        }
    }

    /** The operating-system process id of the worker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** The worker process: bootstrap, registry, topic prefix, instance, form. */
    public static final class Main {

        private Main() {
        }

        public static void main(final String[] args) throws InterruptedException {
            RiberryWorker.builder()
                    .application(Catalogs.APPLICATION).instance(args[3])
                    .bootstrapServers(args[0]).schemaRegistryUrl(args[1]).topicPrefix(args[2])
                    .heartbeatInterval(Duration.ofMillis(500))
                    .entryPoint(args[4], ctx -> new CountDownLatch(1).await())
                    .build().start();
            System.out.println(READY + " " + List.of(args));
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
