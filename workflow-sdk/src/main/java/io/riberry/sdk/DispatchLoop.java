package io.riberry.sdk;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ExecutionDispatched;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives an instance's dispatches as a member of the instance's consumer group (so processes
 * of one instance share them) and runs each entry point on a bounded pool.
 *
 * <p>Offsets are committed before entry points start: a dispatch is acted on at most once. If
 * the process dies mid-run, the platform's liveness tracking ends the execution, rather than a
 * second process running it again. At most one poll's worth of dispatches waits locally for a
 * pool thread; beyond that the loop stops polling until an entry point finishes, so waiting
 * dispatches stay in Kafka.
 *
 * <p>Self-healing: a dispatch the registry cannot decode yet is read again after a backoff; one
 * whose commit failed is not run here (the group hands it out again); any other failure rejoins
 * the group with a new consumer. A broker outage is ridden out by the consumer itself.
 */
final class DispatchLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int RECENT_CANCELS = 10_000;
    /** How long interrupted entry points get to unwind once a close has waited its timeout. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long a full loop waits for an entry point to finish before polling anyway (rebalances happen in poll). */
    private static final long FULL_WAIT_MS = 100;

    private final KafkaConnection kafka;
    private final String topic;
    private final String instance;
    private final Duration sessionTimeout;
    private final int configuredConcurrency;
    /** Entry points run at once: the configured value, or the instance's {@code concurrency} parameter while one is set. */
    private volatile int concurrency;
    private final Map<String, EntryPoint> entryPoints;
    private final Function<Job, ExecutionRun> runs;
    private final RecordDecoder<ExecutionDispatched> decoder;
    private final PartHealth health;
    private final PartHealth registryHealth;
    private final ConnectionWatch connection;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, ExecutionRun> current = new ConcurrentHashMap<>();
    /** A dispatch polled just before its cancel (cancelled while READY) must not start afterwards. */
    private final RecentCancels recentlyCancelled = new RecentCancels(RECENT_CANCELS);
    private final Object slotFreed = new Object();
    private final Backoff backoff = new Backoff();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean open = true;

    DispatchLoop(final KafkaConnection kafka, final SchemaRegistryClient registry, final String topic, final String instance,
                 final int concurrency, final Duration sessionTimeout, final Map<String, EntryPoint> entryPoints,
                 final Function<Job, ExecutionRun> runs, final PartHealth health, final PartHealth registryHealth, final Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.instance = instance;
        this.sessionTimeout = sessionTimeout;
        this.configuredConcurrency = concurrency;
        this.concurrency = concurrency;
        this.entryPoints = entryPoints;
        this.runs = runs;
        this.decoder = new RecordDecoder<>(ExecutionDispatched.class, registry);
        this.health = health;
        this.registryHealth = registryHealth;
        this.connection = new ConnectionWatch(health, clock);
        final AtomicInteger threadCount = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            final Thread worker = new Thread(r, "riberry-entry-point-" + threadCount.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        this.thread = new Thread(this::loop, "riberry-dispatch-" + instance);
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "riberry-dispatch-" + ProcessHandle.current().pid());
        // Reading must never create a topic: the platform creates them with their settings (compaction...).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "riberry.worker." + instance);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One synchronous commit covers a whole poll: a poll of `concurrency` keeps commits
        // off the critical path without holding much work another process could run.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, configuredConcurrency);
        // Dispatches are written in transactions; don't let an idle fetch sit 500 ms after one commits.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        // A crashed process holds its share of the dispatches until its session expires:
        // keep that near the instance's offline timeout, not the client's 45 s default.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, sessionTimeout.toMillis() / 3));
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        final KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(kafka.clientConfig(config),
                new StringDeserializer(), new ByteArrayDeserializer());
        created.subscribe(List.of(topic));
        return created;
    }

    void start() {
        consumer = newConsumer();
        thread.start();
    }

    private void loop() {
        while (open) {
            try {
                if (consumer == null) {
                    consumer = newConsumer();
                }
                pollOnce(consumer);
            } catch (WakeupException e) {
                if (open) {
                    LOG.warn("Dispatch loop of {} woken up unexpectedly; it goes on", topic);
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                // The loop stops on its flag, never on an interrupt.
                Thread.interrupted();
            } catch (RuntimeException e) {
                health.down(e.toString());
                closeConsumer();
                backoff.pause();
            }
        }
        closeConsumer();
    }

    private void pollOnce(final KafkaConsumer<String, byte[]> polling) throws InterruptedException {
        // Still full after the wait: poll paused, only to take part in rebalances.
        final boolean hasRoom = awaitFreeSlots();
        if (hasRoom) {
            polling.resume(polling.paused());
        } else {
            polling.pause(polling.assignment());
        }
        final ConsumerRecords<String, byte[]> records = polling.poll(hasRoom ? POLL : Duration.ZERO);
        connection.check(polling.metrics());
        if (records.isEmpty()) {
            return;
        }
        // Take no more than there are free threads: a dispatch committed here must start here at
        // once, never wait in a queue a close would drop, nor behind long runs while other processes idle.
        int free = Math.max(0, concurrency - running.get());
        final List<ExecutionDispatched> dispatches = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
        final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        boolean registryAnswered = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (free == 0) {
                    // Left for the next poll, here or in another process.
                    polling.seek(partition, record.offset());
                    break;
                }
                firstOffsets.putIfAbsent(partition, record.offset());
                try {
                    final ExecutionDispatched dispatch = decoder.decode(record.topic(), record.value());
                    registryHealth.up();
                    if (dispatch != null) {
                        dispatches.add(dispatch);
                        free--;
                    }
                } catch (RecordDecoder.RegistryUnavailableException e) {
                    // Read it again once the registry answers; what follows it in this partition too.
                    registryHealth.down("could not fetch a schema to decode a dispatch: " + e.getMessage());
                    polling.seek(partition, record.offset());
                    registryAnswered = false;
                    break;
                } catch (RuntimeException e) {
                    LOG.error("Skipping dispatch record {}-{}@{} (key {}): it is no dispatch ({})", record.topic(), record.partition(),
                            record.offset(), record.key(), e.toString());
                }
                taken.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!taken.isEmpty() && !commit(polling, taken, firstOffsets)) {
            return;
        }
        for (ExecutionDispatched dispatch : dispatches) {
            running.incrementAndGet();
            pool.execute(() -> run(dispatch));
        }
        if (registryAnswered) {
            backoff.reset();
        } else {
            backoff.pause();
        }
    }

    /** Commits what is taken before running it (at most once); on failure, none of it runs here. */
    private boolean commit(final KafkaConsumer<String, byte[]> polling, final Map<TopicPartition, OffsetAndMetadata> taken,
                           final Map<TopicPartition, Long> firstOffsets) {
        try {
            polling.commitSync(taken);
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not committed (a rebalance, or the coordinator out of reach): read them again, here if
            // this process still owns their partitions, or in the process that owns them now.
            LOG.warn("Could not commit {} dispatches of {} ({}); they are read again, not run now", taken.size(), topic, e.toString());
            final Set<TopicPartition> assigned = polling.assignment();
            firstOffsets.forEach((partition, offset) -> {
                if (assigned.contains(partition)) {
                    polling.seek(partition, offset);
                }
            });
            return false;
        }
    }

    /** Waits while a poll could take more dispatches than there are pool threads free; answers whether there is room now. */
    private boolean awaitFreeSlots() throws InterruptedException {
        synchronized (slotFreed) {
            final long deadline = System.currentTimeMillis() + FULL_WAIT_MS;
            while (open && running.get() >= concurrency) {
                final long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    return false;
                }
                slotFreed.wait(remaining);
            }
            return true;
        }
    }

    private void run(final ExecutionDispatched dispatch) {
        final ExecutionRun run = runs.apply(Job.of(dispatch));
        current.put(dispatch.getExecutionId(), run);
        try {
            // Registered first, then checked: a cancel either finds the run or is found here.
            if (recentlyCancelled.contains(dispatch.getExecutionId())) {
                LOG.info("Execution {} was cancelled before it started; not running it", dispatch.getExecutionId());
                return;
            }
            final EntryPoint entryPoint = entryPoints.get(dispatch.getForm());
            if (!open) {
                // Committed, but the worker closes before it began: say so rather than leave it READY.
                EntryPointRun.run(run, context -> {
                    throw new WorkerStoppedException(dispatch.getExecutionId());
                });
            } else {
                EntryPointRun.run(run, entryPoint != null ? entryPoint : context -> {
                    throw new FormNotServedException(dispatch.getForm(), instance, new TreeSet<>(entryPoints.keySet()));
                });
            }
        } finally {
            current.remove(dispatch.getExecutionId());
            running.decrementAndGet();
            synchronized (slotFreed) {
                slotFreed.notifyAll();
            }
        }
    }

    /**
     * Changes how many entry points run at once, live: the parameter {@code concurrency} of the
     * instance, or null to return to the configured value. Running entry points finish; a smaller
     * pool simply takes no new ones until it has room. The chain pools of running executions follow.
     */
    synchronized void concurrency(final Integer wanted) {
        final int next = wanted == null || wanted < 1 ? configuredConcurrency : wanted;
        if (next == concurrency) {
            return;
        }
        LOG.info("Concurrency of {} changes from {} to {}", topic, concurrency, next);
        if (next > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(next);
            pool.setCorePoolSize(next);
        } else {
            pool.setCorePoolSize(next);
            pool.setMaximumPoolSize(next);
        }
        concurrency = next;
        current.values().forEach(run -> run.resizeChainPool(next));
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    int concurrency() {
        return concurrency;
    }

    int running() {
        return running.get();
    }

    /** A cancel for an execution this process runs: its remaining tasks will not run. */
    void cancel(final String executionId) {
        recentlyCancelled.add(executionId);
        final ExecutionRun run = current.get(executionId);
        if (run != null) {
            LOG.info("Execution {} was cancelled; its remaining tasks will not run", executionId);
            run.cancelled();
        }
    }

    /**
     * Entry points still running when the process stops end FAILURE, said by this process: other
     * processes may keep the instance online, and then nothing else would end them.
     */
    private void stopUnfinishedRuns() {
        for (ExecutionRun run : current.values()) {
            final String executionId = run.job.executionId();
            try {
                if (run.stop(new WorkerStoppedException(executionId))) {
                    LOG.warn("Execution {} was still running as the worker stopped; it ended FAILURE", executionId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not report that execution {} ended as the worker stopped: {}", executionId, e.toString());
            }
        }
    }

    private void closeConsumer() {
        final KafkaConsumer<String, byte[]> closing = consumer;
        consumer = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the dispatch consumer failed", e);
            }
        }
    }

    /**
     * Stops taking dispatches and waits until {@code timeout} from now for running entry points,
     * then, having told {@code stopWaitingForKafka}, ends the rest FAILURE and interrupts them.
     */
    void close(final Duration timeout, final Runnable stopWaitingForKafka) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        open = false;
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
        final KafkaConsumer<String, byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
        try {
            thread.join(Math.max(1, remainingMillis(deadline)));
            // shutdown, not shutdownNow: a dispatch still queued runs, sees the close and ends FAILURE itself.
            pool.shutdown();
            if (!pool.awaitTermination(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                // Their FAILURE must go out now, whether or not Kafka answers.
                stopWaitingForKafka.run();
                stopUnfinishedRuns();
                pool.shutdownNow();
                // Interrupted entry points unwind while the producer is still open.
                pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopWaitingForKafka.run();
            stopUnfinishedRuns();
            pool.shutdownNow();
        }
    }

    private static long remainingMillis(final long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
