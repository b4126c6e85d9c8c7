package io.riberry.platform.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.auth.Access;
import io.riberry.platform.http.EventSink;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.ExecutionFilters;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 *   <li>any change of instances, their parameters or their executions to the instances pages
 *       whose caller may see them, at most once a second.</li>
 * </ul>
 * Nothing is read from the stores per change: a listing gets the execution as the topic has it.
 */
public final class LiveChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveChanges.class);

    /** Streams open at once on this replica; past it a new one is refused (503) rather than starving the API. */
    public static final int MAX_STREAMS = 500;
    /** Streams one caller may have open on this replica (a few tabs each with a page or two), so nobody can take them all. */
    public static final int MAX_STREAMS_PER_CALLER = 20;
    /** Long enough for the platform to fold a worker's event (its commit interval) before the page reads it. */
    static final Duration ACTIVITY_DELAY = Duration.ofMillis(250);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /**
     * A stream is closed after this long and the browser reconnects (a bound on any one connection;
     * the caller's credentials and groups are checked again at every keep-alive besides).
     */
    static final Duration MAX_STREAM_AGE = Duration.ofMinutes(10);

    /**
     * Who opened a stream: {@code name} for the per-caller bound, {@code stillAllowed} checked at each
     * keep-alive, false once the credential was revoked or expired, or the caller's groups changed
     * what it may see (its browser then reconnects and is checked afresh).
     */
    public record Caller(String name, BooleanSupplier stillAllowed) {
    }

    /** An instances page: told which instances changed, of those its caller may see. */
    private record InstancesPage(EventSink sink, Access access, Set<String> changed) {
    }

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
    private final Set<InstancesPage> instancePages = new CopyOnWriteArraySet<>();
    /** Every open stream and whether its caller may still listen. */
    private final Map<EventSink, Caller> callers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerCaller = new ConcurrentHashMap<>();

    private LiveChanges(final KafkaConnection kafka, final SchemaRegistryClient registry, final RiberryTopics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A committed change waits at most this long at the broker before a page hears of it.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
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

    /**
     * Sends {@code sink} every change of an execution that matches {@code filters} (which carry what
     * the caller may see) but for their status: an execution that leaves a status filter is sent
     * once more, so the page drops its row instead of showing a state it no longer has.
     */
    public void followListing(final EventSink sink, final ExecutionFilters filters, final Caller caller) {
        final ListingStream stream = new ListingStream(sink, filters.withoutStatus(), timer);
        opened(sink, caller, () -> listings.remove(stream));
        listings.add(stream);
        sink.send("ready", "{}");
    }

    /** Sends {@code sink} the changes of one execution; the caller was allowed to see it. */
    public void followExecution(final EventSink sink, final String executionId, final Caller caller) {
        opened(sink, caller, () -> executionPages.computeIfPresent(executionId, (id, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        }));
        executionPages.computeIfAbsent(executionId, id -> new CopyOnWriteArraySet<>()).add(sink);
        sink.send("ready", "{}");
    }

    /** Tells {@code sink}, at most once a second, which of the instances {@code access} may see changed ({@code {"instances": [...]}}). */
    public void followInstances(final EventSink sink, final Access access, final Caller caller) {
        final InstancesPage page = new InstancesPage(sink, access, ConcurrentHashMap.newKeySet());
        opened(sink, caller, () -> instancePages.remove(page));
        instancePages.add(page);
        sink.send("ready", "{}");
    }

    /** Whether {@code caller} may open another stream here now. */
    public boolean hasRoomFor(final String caller) {
        final AtomicInteger ofCaller = openPerCaller.get(caller);
        return open.get() < MAX_STREAMS && (ofCaller == null || ofCaller.get() < MAX_STREAMS_PER_CALLER);
    }

    private void opened(final EventSink sink, final Caller caller, final Runnable forget) {
        open.incrementAndGet();
        openPerCaller.computeIfAbsent(caller.name(), name -> new AtomicInteger()).incrementAndGet();
        callers.put(sink, caller);
        final ScheduledFuture<?> ageLimit = timer.schedule(sink::close, MAX_STREAM_AGE.toMillis(), TimeUnit.MILLISECONDS);
        sink.onClose(() -> {
            ageLimit.cancel(false);
            callers.remove(sink);
            open.decrementAndGet();
            openPerCaller.computeIfPresent(caller.name(), (name, count) -> count.decrementAndGet() == 0 ? null : count);
            forget.run();
        });
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
        if (!record.topic().equals(topics.executions())) {
            // An instance's state or parameters, keyed by the instance.
            instancePages.stream().filter(page -> page.access().canSeeInstance(record.key())).forEach(page -> page.changed().add(record.key()));
            return;
        }
        if (record.value() == null || listings.isEmpty() && instancePages.isEmpty() && !executionPages.containsKey(record.key())) {
            return;
        }
        final ExecutionState execution = executions.deserialize(record.topic(), record.headers(), record.value());
        // Its instance's queue and READY/ACTIVE counts changed.
        instancePages.stream().filter(page -> page.access().canSeeForm(execution.getForm()))
                .forEach(page -> page.changed().add(execution.getInstance()));
        final String json = AvroJson.toJson(execution).toString();
        final boolean finalState = execution.getStatus() == ExecutionStatus.SUCCESS || execution.getStatus() == ExecutionStatus.FAILURE;
        for (ListingStream listing : listings) {
            if (listing.filters().matches(execution)) {
                listing.offer(execution.getExecutionId(), json, finalState);
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
        for (InstancesPage page : instancePages) {
            if (page.changed().isEmpty()) {
                continue;
            }
            final List<String> changed = new ArrayList<>(page.changed());
            page.changed().removeAll(changed);
            final ObjectNode data = Json.MAPPER.createObjectNode();
            changed.stream().sorted().forEach(data.putArray("instances")::add);
            page.sink().send("changed", data.toString());
        }
    }

    /** Keeps quiet streams open, finds dead clients, and ends the streams of callers no longer allowed. */
    private void keepAlive() {
        callers.forEach((sink, caller) -> {
            if (caller.stillAllowed().getAsBoolean()) {
                sink.keepAlive();
            } else {
                sink.close();
            }
        });
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        timer.shutdownNow();
        callers.keySet().forEach(EventSink::close);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
