package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.Heartbeat;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the platform this process of the instance is alive, every {@code interval}, keyed by instance. */
public final class HeartbeatSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final KafkaProducer<String, Heartbeat> producer;
    private final String topic;
    private final String application;
    private final String instance;
    private final String processId;
    private final List<String> forms;
    private volatile boolean stopping;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "riberry-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public HeartbeatSender(final KafkaConnection kafka, final String registryUrl, final String topic, final String application,
                           final String instance, final String processId, final List<String> forms, final Duration interval) {
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), AvroSerdes.serde(Heartbeat.class, registryUrl).serializer());
        this.topic = topic;
        this.application = application;
        this.instance = instance;
        this.processId = processId;
        this.forms = forms;
        timer.scheduleAtFixedRate(this::send, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * From now on the heartbeats say this process is closing: the platform sends the instance no
     * new work on its account, while what it runs may still finish and stays alive. Sent at once.
     */
    public void stopping() {
        stopping = true;
        timer.execute(this::send);
    }

    private void send() {
        try {
            producer.send(new ProducerRecord<>(topic, instance, new Heartbeat(instance, application, processId, Instant.now(), forms, stopping)));
        } catch (RuntimeException e) {
            LOG.warn("Could not send a heartbeat of {}: {}", instance, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
