package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.Heartbeat;
import io.riberry.serde.AvroSerdes;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
    /** Unacknowledged heartbeats for this long (at least) mean Kafka is out of reach, not merely slow. */
    private static final Duration SILENCE_REPORTED_AFTER = Duration.ofSeconds(5);
    private static final Duration SILENCE_REPEATED_EVERY = Duration.ofSeconds(30);

    private final KafkaProducer<String, Heartbeat> producer;
    private final String topic;
    private final String application;
    private final String instance;
    private final String processId;
    private final List<String> forms;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final Instant startedAt = Instant.now();
    private final String bootstrapServers;
    private final KafkaSilence silence;
    private volatile String lastFailure;
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
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // A heartbeat that cannot even be queued within an interval is stale: give up on it
                // and send a fresh one next time, rather than block the timer for the default minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1000L, interval.toMillis()))),
                new StringSerializer(), AvroSerdes.serde(Heartbeat.class, registryUrl).serializer());
        this.topic = topic;
        this.application = application;
        this.instance = instance;
        this.processId = processId;
        this.forms = forms;
        this.bootstrapServers = kafka.bootstrapServers();
        this.silence = new KafkaSilence(Instant.now(), max(SILENCE_REPORTED_AFTER, interval.multipliedBy(5)), SILENCE_REPEATED_EVERY);
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
        reportSilence();
        try {
            producer.send(new ProducerRecord<>(topic, instance, new Heartbeat(instance, application, processId, Instant.now(), forms, stopping,
                            host, pid, startedAt)),
                    (metadata, error) -> {
                        if (error == null) {
                            acknowledged();
                        } else {
                            lastFailure = error.getMessage();
                        }
                    });
        } catch (RuntimeException e) {
            // Told with the silence it causes, once per interval, not once per heartbeat.
            lastFailure = e.getMessage();
        }
    }

    private void reportSilence() {
        silence.due(Instant.now()).ifPresent(lasting -> LOG.warn(
                "Kafka at {} has acknowledged no heartbeat of {} for {} s{}; the platform takes a silent instance for offline."
                        + " Still trying; told again in {} s if it lasts",
                bootstrapServers, instance, lasting.toSeconds(), lastFailure == null ? "" : " (last error: " + lastFailure + ")",
                SILENCE_REPEATED_EVERY.toSeconds()));
    }

    private void acknowledged() {
        silence.acknowledged(Instant.now()).ifPresent(lasted -> LOG.info(
                "Kafka at {} acknowledges heartbeats of {} again, after {} s without", bootstrapServers, instance, lasted.toSeconds()));
        lastFailure = null;
    }

    /** The platform lists it beside the process id; a host that cannot name itself leaves it empty rather than stop the worker. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    private static Duration max(final Duration a, final Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
