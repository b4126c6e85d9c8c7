package io.riberry.platform.registry;

import io.riberry.kafka.KafkaConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import io.riberry.registry.RegisteredSchema;
import io.riberry.registry.SchemaRegistryException;
import io.riberry.registry.SchemaRegistryState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: registrations are records on the single-partition, compacted
 * {@code _schemas} topic, and every platform instance replays that log into its
 * {@link SchemaRegistryState}. A registration is decided only after catching up with the log,
 * and acknowledged only once it has been read back, so every instance that serves the registry
 * answers the same versions and ids.
 */
public final class SchemaLog implements AutoCloseable {

    public static final String TOPIC = "_schemas";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int REGISTRATION_ATTEMPTS = 5;

    private final SchemaRegistryState state = new SchemaRegistryState();
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    private long nextOffsetToApply;
    private volatile boolean running = true;

    private SchemaLog(final KafkaConnection kafka) {
        admin = Admin.create(kafka.clientConfig(Map.of()));
        producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new StringDeserializer());
        reader = new Thread(this::readLoop, "schema-log-reader");
        reader.setDaemon(true);
    }

    /** Creates the topic if needed, replays it, and keeps following it. */
    public static SchemaLog open(final KafkaConnection kafka) {
        final SchemaLog log = new SchemaLog(kafka);
        log.ensureTopic();
        log.consumer.assign(List.of(PARTITION));
        log.consumer.seekToBeginning(List.of(PARTITION));
        log.reader.start();
        log.catchUpOnceTheTopicIsKnown();
        LOG.info("Schema registry log replayed: {} subjects", log.state.subjects().size());
        return log;
    }

    public SchemaRegistryState state() {
        return state;
    }

    /** Registers (or finds) {@code schema} under {@code subject}; throws 409 when it is incompatible. */
    public RegisteredSchema register(final String subject, final Schema schema) {
        for (int attempt = 0; attempt < REGISTRATION_ATTEMPTS; attempt++) {
            catchUp();
            final Optional<RegisteredSchema> proposal = state.proposeRegistration(subject, schema);
            if (proposal.isPresent()) {
                awaitApplied(append(proposal.get()).offset() + 1);
            }
            final Optional<RegisteredSchema> registered = state.lookup(subject, schema);
            if (registered.isPresent()) {
                return registered.get();
            }
            // Another instance took the same version for another schema first; decide again.
        }
        throw new SchemaRegistryException(500, "Could not register a schema under " + subject + " after " + REGISTRATION_ATTEMPTS + " attempts");
    }

    /**
     * The first catch-up: a topic created a moment ago may not be in the broker's metadata yet
     * (seen under load, and with an authorizer on), which is no reason to fail the start.
     */
    private void catchUpOnceTheTopicIsKnown() {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                catchUp();
                return;
            } catch (SchemaRegistryException e) {
                final boolean unknownYet = e.getCause() instanceof ExecutionException
                        && e.getCause().getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
                if (!unknownYet || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("{} is not in the metadata yet; asking again", TOPIC);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Waits until everything written to the log so far has been applied here. */
    public void catchUp() {
        try {
            final long end = admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).partitionResult(PARTITION)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset();
            awaitApplied(end);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SchemaRegistryException("Cannot read the end of " + TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while reading " + TOPIC, e);
        }
    }

    private RecordMetadata append(final RegisteredSchema registration) {
        final ObjectNode value = Json.MAPPER.createObjectNode()
                .put("subject", registration.subject())
                .put("version", registration.version())
                .put("id", registration.id())
                .put("schema", registration.schema().toString());
        // Keyed by subject and version: a racing registration of another schema for the same
        // version keeps its own record until replay decides (first in the log wins).
        final String key = registration.subject() + "|" + registration.version() + "|" + registration.id();
        try {
            return producer.send(new ProducerRecord<>(TOPIC, 0, key, value.toString())).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SchemaRegistryException("Cannot append to " + TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while appending to " + TOPIC, e);
        }
    }

    private void awaitApplied(final long offset) {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (progress) {
            while (nextOffsetToApply < offset) {
                final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new SchemaRegistryException(503, "Timed out replaying " + TOPIC + " up to offset " + offset);
                }
                try {
                    progress.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("Interrupted while replaying " + TOPIC, e);
                }
            }
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                final long position = consumer.position(PARTITION);
                synchronized (progress) {
                    nextOffsetToApply = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Schema log reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Schema log reader stopped; registrations will time out", e);
        } finally {
            consumer.close();
        }
    }

    private void apply(final ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            final JsonNode value = Json.MAPPER.readTree(record.value());
            state.apply(new RegisteredSchema(value.get("subject").asText(), value.get("version").asInt(),
                    value.get("id").asInt(), new Schema.Parser().parse(value.get("schema").asText())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping unreadable {} record at offset {}: {}", TOPIC, record.offset(), e.getMessage());
        }
    }

    private void ensureTopic() {
        try {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new SchemaRegistryException("Cannot create " + TOPIC, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while creating " + TOPIC, e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
