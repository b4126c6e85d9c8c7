package io.riberry.sdk;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.WorkflowEvent;
import io.riberry.serde.AvroSerializer;
import io.riberry.topics.RiberryTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one producer of a worker process: events, artifact chunks and heartbeats. One idempotent
 * producer (one I/O thread, one set of connections) instead of one per kind of record.
 *
 * <p>Self-healing: records wait in the producer through a broker outage and go when it is back
 * (the delivery timeout is long); an event that cannot even be queued (the buffer is full, or no
 * broker is known) is tried again until it is, so nothing an entry point reports is dropped. The
 * records' schemas are registered at start, so the registry is not needed to produce afterwards.
 */
final class KafkaSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    /** Chunk size: well under Kafka's default 1 MiB record limit, large enough to stream fast. */
    static final int CHUNK_BYTES = 512 * 1024;
    /** How long a send may wait to be queued before it is tried again (events) or given up (heartbeats). */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(5);
    /** Kafka acknowledging nothing for this long (at least; three heartbeats at most) means it is out of reach. */
    private static final Duration SILENCE_IS_DOWN = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;
    private final RiberryTopics topics;
    private final AvroSerializer<WorkflowEvent> events;
    private final AvroSerializer<ArtifactChunk> chunks;
    private final AvroSerializer<Heartbeat> heartbeats;
    private final PartHealth health;
    private final Clock clock;
    private final Duration silenceIsDown;
    private volatile Instant lastAcknowledged;
    private volatile String lastError = "";
    private volatile boolean open = true;

    KafkaSink(final KafkaConnection kafka, final SchemaRegistryClient registry, final RiberryTopics topics, final PartHealth health,
              final Clock clock, final Duration heartbeatInterval) {
        this.silenceIsDown = SILENCE_IS_DOWN.compareTo(heartbeatInterval.multipliedBy(3)) >= 0 ? SILENCE_IS_DOWN
                : heartbeatInterval.multipliedBy(3);
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "riberry-worker-" + ProcessHandle.current().pid(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // The default batch size suits events and heartbeats (a 1 MiB batch per partition would
                // hold a megabyte for a few hundred bytes); a chunk, larger, gets a batch of its own.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * CHUNK_BYTES,
                // 32 chunks in flight: enough to stream fast, small enough that a worker's heap stays flat.
                ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis(),
                // Through a broker restart or a long outage, records wait for it rather than being dropped.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
                // Reconnect attempts back off to 10 s: a lost broker costs one client log line every 10 s, not every second.
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.events = new AvroSerializer<>(schemaOf(WorkflowEvent.class), registry);
        this.chunks = new AvroSerializer<>(schemaOf(ArtifactChunk.class), registry);
        this.heartbeats = new AvroSerializer<>(schemaOf(Heartbeat.class), registry);
        this.health = health;
        this.clock = clock;
        this.lastAcknowledged = clock.instant();
    }

    /** Registers (or finds) the schemas of what this sink writes; afterwards producing needs no registry. Throws if it is unreachable. */
    static void registerSchemas(final SchemaRegistryClient registry, final RiberryTopics topics) {
        registry.register(topics.events() + "-value", schemaOf(WorkflowEvent.class));
        registry.register(topics.artifactChunks() + "-value", schemaOf(ArtifactChunk.class));
        registry.register(topics.heartbeats() + "-value", schemaOf(Heartbeat.class));
    }

    /** Sends an event of an execution, keyed by its id so the platform reads them in order; waits while it cannot be queued. */
    void event(final WorkflowEvent event) {
        final String topic = topics.events();
        sendPatiently(new ProducerRecord<>(topic, event.getExecutionId(), events.serialize(topic, event)),
                () -> event.getPayload().getClass().getSimpleName() + " of execution " + event.getExecutionId());
    }

    /** Sends one chunk of an artifact, keyed by artifact id; waits while it cannot be queued. */
    void chunk(final ArtifactChunk chunk) {
        final String topic = topics.artifactChunks();
        sendPatiently(new ProducerRecord<>(topic, chunk.getArtifactId(), chunks.serialize(topic, chunk)),
                () -> "chunk " + chunk.getIndex() + " of artifact " + chunk.getArtifactId());
    }

    /** Sends a heartbeat once: a heartbeat that cannot be queued is stale by the next one, which is sent instead. */
    void heartbeat(final Heartbeat heartbeat) {
        final String topic = topics.heartbeats();
        try {
            producer.send(new ProducerRecord<>(topic, heartbeat.getInstance(), heartbeats.serialize(topic, heartbeat)), this::acknowledged);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
        }
    }

    /**
     * Waits until everything sent so far is stored; records wait through outages, so this may wait
     * as long as one lasts. Once the worker closes, it does not wait: a close must end in its time.
     */
    void flush() {
        if (open) {
            producer.flush();
        }
    }

    /** The worker closes: sends that cannot be queued fail instead of waiting, and flushes return at once. */
    void closing() {
        open = false;
    }

    /** Called by the heartbeat timer: turns the part down when Kafka has acknowledged nothing for a while. */
    void checkSilence() {
        final Duration silence = Duration.between(lastAcknowledged, clock.instant());
        if (silence.compareTo(silenceIsDown) >= 0) {
            health.down("Kafka acknowledged nothing for " + silence.toSeconds() + " s" + (lastError.isEmpty() ? "" : " (last error: " + lastError + ")"));
        }
    }

    private void sendPatiently(final ProducerRecord<String, byte[]> record, final Supplier<String> what) {
        while (true) {
            try {
                producer.send(record, (metadata, error) -> {
                    acknowledged(metadata, error);
                    if (error != null) {
                        LOG.error("Could not store {}: {}", what.get(), error.toString());
                    }
                });
                return;
            } catch (TimeoutException e) {
                // The buffer is full or no broker answers: wait for it, as the entry point's own report must not be lost.
                lastError = e.getMessage();
                health.down("could not queue " + what.get() + " for " + MAX_BLOCK.toSeconds() + " s: " + e.getMessage());
                if (!open) {
                    throw e;
                }
            }
        }
    }

    private void acknowledged(final Object metadata, final Exception error) {
        if (error == null) {
            lastAcknowledged = clock.instant();
            lastError = "";
            health.up();
        } else {
            lastError = error.getMessage();
        }
    }

    private static Schema schemaOf(final Class<?> type) {
        return SpecificData.get().getSchema(type);
    }

    /** Sends what is queued, waiting at most {@code timeout}; what is left then is dropped. */
    void close(final Duration timeout) {
        open = false;
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
