package io.riberry.sdk;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.InstanceParameters;
import io.riberry.topics.RiberryTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows, on one consumer and one thread, what every process of the instance must hear: the
 * commands topic from ten minutes back (cancels of executions this process runs or is about to
 * run; a cancel of an execution that was READY before it started must still stop it here), and
 * the compacted parameters topic from its beginning (the instance's current values at once, then
 * every change). No consumer group: every process reads every record.
 *
 * <p>Self-healing: a record the registry cannot decode yet is read again after a backoff; a
 * record that is not what it should be is skipped with an error; any other failure recreates the
 * consumer where it left off. A broker outage is ridden out by the consumer itself.
 */
final class CommandFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFollower.class);
    private static final Duration CANCEL_LOOK_BACK = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration POSITIONING = Duration.ofSeconds(30);

    private final KafkaConnection kafka;
    private final String commandsTopic;
    private final String parametersTopic;
    private final String instance;
    private final Consumer<String> cancel;
    private final ParameterValues parameters;
    private final RecordDecoder<ExecutionCommand> commands;
    private final RecordDecoder<InstanceParameters> parameterRecords;
    private final PartHealth health;
    private final PartHealth registryHealth;
    private final ConnectionWatch connection;
    /** The next offset to read of each partition: where a recreated consumer goes on. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Backoff backoff = new Backoff();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean open = true;

    CommandFollower(final KafkaConnection kafka, final SchemaRegistryClient registry, final RiberryTopics topics, final String instance,
                    final Consumer<String> cancel, final ParameterValues parameters, final PartHealth health,
                    final PartHealth registryHealth, final Clock clock) {
        this.kafka = kafka;
        this.commandsTopic = topics.commands();
        this.parametersTopic = topics.parameters();
        this.instance = instance;
        this.cancel = cancel;
        this.parameters = parameters;
        this.commands = new RecordDecoder<>(ExecutionCommand.class, registry);
        this.parameterRecords = new RecordDecoder<>(InstanceParameters.class, registry);
        this.health = health;
        this.registryHealth = registryHealth;
        this.connection = new ConnectionWatch(health, clock);
        this.thread = new Thread(this::follow, "riberry-commands-" + instance);
        this.thread.setDaemon(true);
    }

    /**
     * Positions the consumer, reads what is there up to the end (the instance's current parameters,
     * the cancels of the last minutes) before it returns, so the worker runs nothing before it knows
     * them, then follows on its own thread. A registry that does not answer before {@code deadlineNanos}
     * leaves the rest to the thread.
     */
    void start(final long deadlineNanos) {
        consumer = newConsumer();
        final List<TopicPartition> commandPartitions = partitions(consumer, commandsTopic);
        final List<TopicPartition> parameterPartitions = partitions(consumer, parametersTopic);
        final List<TopicPartition> all = new ArrayList<>(commandPartitions);
        all.addAll(parameterPartitions);
        consumer.assign(all);
        final long since = System.currentTimeMillis() - CANCEL_LOOK_BACK.toMillis();
        final Map<TopicPartition, Long> times = new HashMap<>();
        commandPartitions.forEach(partition -> times.put(partition, since));
        final Map<TopicPartition, OffsetAndTimestamp> lookBack = consumer.offsetsForTimes(times, POSITIONING);
        for (TopicPartition partition : commandPartitions) {
            final OffsetAndTimestamp offset = lookBack.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        consumer.seekToBeginning(parameterPartitions);
        all.forEach(partition -> positions.put(partition, consumer.position(partition, POSITIONING)));
        catchUp(all, deadlineNanos);
        thread.start();
    }

    private void catchUp(final List<TopicPartition> partitions, final long deadlineNanos) {
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, POSITIONING);
        // The consumer's own position: transaction markers end these partitions, and no record is handled for them.
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey(), POSITIONING) < end.getValue())) {
            if (System.nanoTime() > deadlineNanos) {
                LOG.warn("Worker of {} starts before it has read every parameter and recent cancel; it goes on reading them", instance);
                return;
            }
            if (!handleAll(consumer.poll(POLL))) {
                backoff.pause();
            }
        }
        backoff.reset();
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "riberry-commands-" + ProcessHandle.current().pid(),
                // Reading must never create a topic: the platform creates them with their settings (compaction...).
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(final KafkaConsumer<String, byte[]> consumer, final String topic) {
        return consumer.partitionsFor(topic, POSITIONING).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private void follow() {
        while (open) {
            try {
                if (consumer == null) {
                    consumer = newConsumer();
                    consumer.assign(positions.keySet());
                    positions.forEach(consumer::seek);
                }
                final ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                connection.check(consumer.metrics());
                if (handleAll(records)) {
                    backoff.reset();
                } else {
                    backoff.pause();
                }
                // A handler may leave the thread interrupted; the next poll would throw for it.
                Thread.interrupted();
            } catch (WakeupException e) {
                if (open) {
                    LOG.warn("Follower of {} and {} woken up unexpectedly; it goes on", commandsTopic, parametersTopic);
                }
            } catch (RuntimeException e) {
                health.down(e.toString());
                closeConsumer();
                backoff.pause();
            }
        }
        closeConsumer();
    }

    /** Handles what was polled, in order per partition; false when the registry must be waited for. */
    private boolean handleAll(final ConsumerRecords<String, byte[]> records) {
        boolean registryAnswered = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    handle(record);
                } catch (RecordDecoder.RegistryUnavailableException e) {
                    // Read it again once the registry answers; what follows it in this partition too.
                    registryHealth.down("could not fetch a schema to decode " + record.topic() + ": " + e.getMessage());
                    consumer.seek(partition, record.offset());
                    registryAnswered = false;
                    break;
                } catch (RuntimeException e) {
                    LOG.error("Skipping record {}-{}@{}: it cannot be read ({})", record.topic(), record.partition(), record.offset(), e.toString());
                }
                positions.put(partition, record.offset() + 1);
            }
        }
        return registryAnswered;
    }

    private void handle(final ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(commandsTopic)) {
            final ExecutionCommand command = commands.decode(record.topic(), record.value());
            registryHealth.up();
            if (command != null && command.getType() == ExecutionCommandType.CANCEL) {
                cancel.accept(command.getExecutionId());
            }
        } else if (instance.equals(record.key())) {
            final InstanceParameters values = parameterRecords.decode(record.topic(), record.value());
            registryHealth.up();
            parameters.apply(values == null ? Map.of() : values.getParameters());
        }
    }

    private void closeConsumer() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("Closing the follower's consumer failed", e);
            }
            consumer = null;
        }
    }

    @Override
    public void close() {
        open = false;
        if (!thread.isAlive()) {
            // Never started (a failed start) or already gone: the consumer is this thread's to close.
            closeConsumer();
            return;
        }
        final KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
