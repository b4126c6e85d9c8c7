package io.riberry.platform.live;

import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.http.EventSink;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.ExecutionFilters;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ExecutionState;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard's pages hear as it happens. Every replica reads the platform's own output
 * from now on (committed records only, every partition, no consumer group: each replica tells its
 * own browsers) and passes each change to the open event streams it concerns:
 * <ul>
 *   <li>an execution's new state ({@code riberry.executions}) to the listings whose filters it
 *       matches and whose caller may see its form (at most one batch per {@link ListingStream#WINDOW},
 *       each execution's latest state only), and to the pages of that execution;</li>
 *   <li>a worker's event for an execution ({@code riberry.events}: a stream, step, artifact or
 *       progress) to the pages of that execution as {@code activity}, coalesced and sent a moment
 *       later, once the platform has folded it into the stores the page then reads;</li>
 *   <li>any change of instances, their parameters or their executions to the instances pages, at
 *       most once a second.</li>
 * </ul>
 * Nothing is read from the stores per change: a listing gets the execution as the topic has it.
 */
public final class LiveChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveChanges.class);

    /** Streams open at once on this replica; past it a new one is refused (503) rather than starving the API. */
    public static final int MAX_STREAMS = 500;
    /** Long enough for the platform to fold a worker's event (its commit interval) before the page reads it. */
    static final Duration ACTIVITY_DELAY = Duration.ofMillis(250);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /**
     * A stream is closed after this long and the browser reconnects: the caller's credentials and
     * groups are checked again, so a revoked token or a removed group stops its updates too.
     */
    static final Duration MAX_STREAM_AGE = Duration.ofMinutes(10);

    private final RiberryTopics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<ExecutionState> executions;
    private final Thread reader;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger open = new AtomicInteger();
    private final Set<ListingStream> listings = new CopyOnWriteArraySet<>();
    private final Map<String, Set<EventSink>> executionPages = new ConcurrentHashMap<>();
    private final Set<String> activityDue = ConcurrentHashMap.newKeySet();
    private final Set<EventSink> instancePages = new CopyOnWriteArraySet<>();
    private final AtomicBoolean instancesChanged = new AtomicBoolean();

    private LiveChanges(final KafkaConnection kafka, final SchemaRegistryClient registry, final RiberryTopics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.CLIENT_ID_CONFIG, "riberry-live-changes")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.executions = AvroSerdes.serde(ExecutionState.class, registry).deserializer();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "riberry-live-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.reader = new Thread(this::read, "riberry-live-changes");
        this.reader.setDaemon(true);
    }

    /** Starts reading from the end of the platform's output topics. */
    public static LiveChanges start(final KafkaConnection kafka, final SchemaRegistryClient registry, final RiberryTopics topics) {
        final LiveChanges live = new LiveChanges(kafka, registry, topics);
        live.reader.start();
        live.timer.scheduleWithFixedDelay(live::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        live.timer.scheduleWithFixedDelay(live::tellInstancePages, 1, 1, TimeUnit.SECONDS);
        return live;
    }

    /** Sends {@code sink} every change of an execution that matches {@code filters} (which carry what the caller may see). */
    public void followListing(final EventSink sink, final ExecutionFilters filters) {
        final ListingStream stream = new ListingStream(sink, filters, timer);
        opened(sink, () -> listings.remove(stream));
        listings.add(stream);
        sink.send("ready", "{}");
    }

    /** Sends {@code sink} the changes of one execution; the caller was allowed to see it. */
    public void followExecution(final EventSink sink, final String executionId) {
        opened(sink, () -> executionPages.computeIfPresent(executionId, (id, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        }));
        executionPages.computeIfAbsent(executionId, id -> new CopyOnWriteArraySet<>()).add(sink);
        sink.send("ready", "{}");
    }

    /** Tells {@code sink}, at most once a second, that instances changed. */
    public void followInstances(final EventSink sink) {
        opened(sink, () -> instancePages.remove(sink));
        instancePages.add(sink);
        sink.send("ready", "{}");
    }

    /** Whether another stream may open here now. */
    public boolean hasRoom() {
        return open.get() < MAX_STREAMS;
    }

    private void opened(final EventSink sink, final Runnable forget) {
        open.incrementAndGet();
        sink.onClose(() -> {
            open.decrementAndGet();
            forget.run();
        });
        timer.schedule(sink::close, MAX_STREAM_AGE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            final List<String> followed = List.of(topics.executions(), topics.events(), topics.instances(), topics.parameters());
            final List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : followed) {
                for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        dispatch(record);
                    } catch (RuntimeException e) {
                        // A record we cannot read is the platform's dead-letter business, not the dashboard's.
                        LOG.debug("Live change skipped ({}-{}@{}): {}", record.topic(), record.partition(), record.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (RuntimeException e) {
            LOG.warn("Live dashboard updates stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void dispatch(final ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(topics.events())) {
            if (record.key() != null && executionPages.containsKey(record.key()) && activityDue.add(record.key())) {
                timer.schedule(() -> tellActivity(record.key()), ACTIVITY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        instancesChanged.set(true);
        if (!record.topic().equals(topics.executions()) || record.value() == null
                || listings.isEmpty() && !executionPages.containsKey(record.key())) {
            return;
        }
        final ExecutionState execution = executions.deserialize(record.topic(), record.headers(), record.value());
        final String json = AvroJson.toJson(execution).toString();
        for (ListingStream listing : listings) {
            if (listing.filters().matches(execution)) {
                listing.offer(execution.getExecutionId(), json);
            }
        }
        for (EventSink page : executionPages.getOrDefault(execution.getExecutionId(), Set.of())) {
            page.send("execution", json);
        }
    }

    private void tellActivity(final String executionId) {
        activityDue.remove(executionId);
        final String json = Json.MAPPER.createObjectNode().put("executionId", executionId).toString();
        for (EventSink page : executionPages.getOrDefault(executionId, Set.of())) {
            page.send("activity", json);
        }
    }

    private void tellInstancePages() {
        if (!instancePages.isEmpty() && instancesChanged.getAndSet(false)) {
            instancePages.forEach(page -> page.send("changed", "{}"));
        }
    }

    private void keepAlive() {
        listings.forEach(listing -> listing.sink().keepAlive());
        executionPages.values().forEach(sinks -> sinks.forEach(EventSink::keepAlive));
        instancePages.forEach(EventSink::keepAlive);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        timer.shutdownNow();
        listings.forEach(listing -> listing.sink().close());
        executionPages.values().forEach(sinks -> sinks.forEach(EventSink::close));
        instancePages.forEach(EventSink::close);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
