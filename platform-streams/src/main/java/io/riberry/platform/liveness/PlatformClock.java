package io.riberry.platform.liveness;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.Heartbeat;
import io.riberry.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's clock, published: every {@link #intervalFor interval} a tick ({@link ClockTicks})
 * to every partition of the heartbeats topic. A partition is read in order, so an instance task
 * that has read a tick stamped T has read every heartbeat that partition got before it; the
 * instance processor judges silence against the latest tick it read, never against the wall
 * clock, so heartbeats waiting unread behind a backlog never make a live worker look silent.
 *
 * <p>Every replica runs one; the tasks take the latest tick, so more clocks only mean more ticks.
 * The platform's principal needs write access to the heartbeats topic. While no replica's ticks
 * reach it, no instance or process is judged silent, and a task that has just started brings no
 * instance online: the platform says so once in its log, and again when ticks flow.
 */
public final class PlatformClock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformClock.class);
    private static final Duration LONGEST_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

    private final KafkaProducer<String, Heartbeat> producer;
    private final String topic;
    private final Clock clock;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "riberry-platform-clock");
        thread.setDaemon(true);
        return thread;
    });

    private PlatformClock(final KafkaProducer<String, Heartbeat> producer, final String topic, final Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** Starts ticking on {@code heartbeatsTopic}, often enough for silence of {@code offlineAfter} to be judged in time. */
    public static PlatformClock start(final KafkaConnection kafka, final SchemaRegistryClient registry, final String heartbeatsTopic,
                                      final Duration offlineAfter) {
        final Duration interval = intervalFor(offlineAfter);
        final KafkaProducer<String, Heartbeat> producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                // A tick says what the clock read when it was made: sent at once, never held back for a batch.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // A tick that cannot even be queued (no metadata) is skipped, the next one says more; and the
                // clock's thread never stalls for the default minute, nor does closing wait for it.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, interval.toMillis())),
                new StringSerializer(), AvroSerdes.serde(Heartbeat.class, registry).serializer());
        final PlatformClock platformClock = new PlatformClock(producer, heartbeatsTopic, Clock.systemUTC());
        // With a fixed delay, not a fixed rate: after a stall the clock goes on ticking, it does not catch up in a burst.
        platformClock.timer.scheduleWithFixedDelay(platformClock::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Platform clock ticks on {} every {} ms", heartbeatsTopic, interval.toMillis());
        return platformClock;
    }

    /**
     * Often enough that silence is judged at most a quarter of the timeout late, and at least once
     * a second; never more than ten times a second.
     */
    public static Duration intervalFor(final Duration offlineAfter) {
        final Duration quarter = offlineAfter.dividedBy(4);
        if (quarter.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return quarter.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : quarter;
    }

    private void tick() {
        try {
            final Instant now = clock.instant();
            final Heartbeat tick = ClockTicks.at(now);
            // Each partition by number: an instance task reads only its own partition, and every one must hear the clock.
            final List<PartitionInfo> partitions = producer.partitionsFor(topic);
            for (PartitionInfo partition : partitions) {
                producer.send(new ProducerRecord<>(topic, partition.partition(), now.toEpochMilli(), ClockTicks.KEY, tick),
                        (metadata, error) -> sent(error));
            }
        } catch (RuntimeException e) {
            sent(e);
        }
    }

    /** Logs when ticks stop reaching the topic and when they reach it again, not at every tick. */
    private void sent(final Exception error) {
        if (error == null) {
            if (failing.compareAndSet(true, false)) {
                LOG.info("Platform clock ticks reach {} again", topic);
            }
        } else if (failing.compareAndSet(false, true)) {
            LOG.warn("Platform clock ticks do not reach {} ({}); while no replica's do, no instance is judged silent, and a task "
                    + "that has just started brings none online", topic, error.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(2));
    }
}
