package io.riberry.cli.command;

import io.riberry.cli.GlobalOptions;
import io.riberry.schema.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The heartbeats of a worker process a bench plays without being one: the platform dispatches
 * only to an ONLINE instance, and fails the executions of a process gone silent.
 */
final class BenchHeartbeats implements AutoCloseable {

    private final KafkaProducer<String, Heartbeat> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "bench-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    BenchHeartbeats(final GlobalOptions options, final String topic, final String application, final String instance,
                    final String processId, final List<String> forms, final Duration interval) {
        this.producer = BenchClients.producer(options, Heartbeat.class);
        timer.scheduleAtFixedRate(() -> producer.send(new ProducerRecord<>(topic, instance,
                        Heartbeat.newBuilder().setInstance(instance).setApplication(application).setProcessId(processId)
                                .setSentAt(Instant.now()).setForms(forms).build())),
                0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
