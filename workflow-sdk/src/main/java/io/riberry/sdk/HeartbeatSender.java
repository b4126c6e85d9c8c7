package io.riberry.sdk;

import io.riberry.schema.Heartbeat;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the platform this process of the instance is alive, every {@code interval}, keyed by
 * instance, with the forms it serves. The same timer checks whether Kafka still acknowledges
 * anything, which is how the {@link WorkerHealth#EVENTS} part learns it is cut off.
 */
final class HeartbeatSender implements AutoCloseable {

    private final KafkaSink sink;
    private final String application;
    private final String instance;
    private final String processId;
    private final List<String> forms;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final Instant startedAt = Instant.now();
    private volatile boolean stopping;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "riberry-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    HeartbeatSender(final KafkaSink sink, final String application, final String instance, final String processId,
                    final List<String> forms, final Duration interval) {
        this.sink = sink;
        this.application = application;
        this.instance = instance;
        this.processId = processId;
        this.forms = List.copyOf(forms);
        timer.scheduleAtFixedRate(this::send, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * From now on the heartbeats say this process is closing: the platform sends the instance no
     * new work on its account, while what it runs may still finish and stays alive. Sent at once.
     */
    void stopping() {
        stopping = true;
        timer.execute(this::send);
    }

    private void send() {
        sink.checkSilence();
        sink.heartbeat(new Heartbeat(instance, application, processId, Instant.now(), forms, stopping, host, pid, startedAt));
    }

    /** The platform lists it beside the process id; a host that cannot name itself leaves it empty rather than stop the worker. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
