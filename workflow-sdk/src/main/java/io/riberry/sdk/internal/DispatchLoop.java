package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.sdk.EntryPoint;
import io.riberry.sdk.WorkerStoppedException;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives an instance's dispatches as a member of the instance's consumer group (so processes
 * of one instance share them) and runs each on a bounded pool.
 *
 * <p>Offsets are committed before entry points start: a dispatch is acted on at most once. If
 * the process dies mid-run, the platform's liveness tracking ends the execution, rather than a
 * second process running it again. At most one poll's worth of dispatches waits locally for a
 * pool thread; beyond that the loop stops polling until an entry point finishes, so waiting
 * dispatches stay in Kafka.
 */
public final class DispatchLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int RECENT_CANCELS = 10_000;
    /** How long interrupted entry points get to unwind once a close has waited its timeout. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long a full loop waits for an entry point to finish before polling anyway (rebalances happen in poll). */
    private static final long FULL_WAIT_MS = 100;

    private final KafkaConsumer<String, ExecutionDispatched> consumer;
    private final String topic;
    private final int configuredConcurrency;
    /** Entry points run at once: the configured value, or the instance's {@code concurrency} parameter while one is set. */
    private volatile int concurrency;
    private final Map<String, EntryPoint> entryPoints;
    private final EventPublisher events;
    private final ArtifactUploader artifacts;
    private final ThreadPoolExecutor pool;
    /** Runs the chains entry points fan out; separate from the entry-point pool so an entry point waiting on its chains can never starve them. */
    private final ExecutorService tasks;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, ExecutionRun> runs = new ConcurrentHashMap<>();
    /**
     * Executions cancelled lately, running here or not: a dispatch polled just before its cancel
     * (cancelled while READY) must not start afterwards. Bounded; a cancel is only ever this recent.
     */
    private final Set<String> recentlyCancelled = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_CANCELS;
        }
    });
    private final Object slotFreed = new Object();
    private final Thread thread;
    private volatile boolean open = true;

    public DispatchLoop(final KafkaConnection kafka, final String registryUrl, final String topic, final String instance,
                        final int concurrency, final Duration sessionTimeout, final Map<String, EntryPoint> entryPoints,
                        final EventPublisher events, final ArtifactUploader artifacts) {
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "riberry.worker." + instance,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // One synchronous commit covers a whole poll: a poll of `concurrency` keeps commits
                // off the critical path without holding much work another process could run.
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, concurrency,
                // Dispatches are written in transactions; don't let an idle fetch sit 500 ms after one commits.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                // A crashed process holds its share of the dispatches until its session expires:
                // keep that near the instance's offline timeout, not the client's 45 s default.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, sessionTimeout.toMillis() / 3))),
                new StringDeserializer(), AvroSerdes.serde(ExecutionDispatched.class, registryUrl).deserializer());
        this.topic = topic;
        this.configuredConcurrency = concurrency;
        this.concurrency = concurrency;
        this.entryPoints = entryPoints;
        this.events = events;
        this.artifacts = artifacts;
        final AtomicInteger threadCount = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            final Thread worker = new Thread(r, "riberry-entry-point-" + threadCount.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        final AtomicInteger taskCount = new AtomicInteger();
        this.tasks = Executors.newFixedThreadPool(concurrency, r -> {
            final Thread task = new Thread(r, "riberry-task-" + taskCount.incrementAndGet());
            task.setDaemon(true);
            return task;
        });
        this.thread = new Thread(this::loop, "riberry-dispatch-" + instance);
    }

    public void start() {
        consumer.subscribe(List.of(topic));
        thread.start();
    }

    private void loop() {
        try {
            while (open) {
                // Still full after the wait: poll paused, only to take part in rebalances.
                final boolean hasRoom = awaitFreeSlots();
                if (hasRoom) {
                    consumer.resume(consumer.paused());
                } else {
                    consumer.pause(consumer.assignment());
                }
                final ConsumerRecords<String, ExecutionDispatched> records = consumer.poll(hasRoom ? POLL : Duration.ZERO);
                if (records.isEmpty()) {
                    continue;
                }
                consumer.commitSync();
                for (ConsumerRecord<String, ExecutionDispatched> record : records) {
                    if (record.value() != null) {
                        running.incrementAndGet();
                        pool.execute(() -> run(record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            if (open) {
                LOG.error("Dispatch loop of {} woken up unexpectedly", topic, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Dispatch loop of {} stopped", topic, e);
        } finally {
            consumer.close();
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
        final ExecutionRun run = new ExecutionRun(dispatch, events, artifacts, tasks);
        runs.put(dispatch.getExecutionId(), run);
        try {
            // Registered first, then checked: a cancel either finds the run or is found here.
            if (wasCancelled(dispatch.getExecutionId())) {
                LOG.info("Execution {} was cancelled before it started; not running it", dispatch.getExecutionId());
                return;
            }
            run.start();
            final EntryPoint entryPoint = entryPoints.get(dispatch.getForm());
            if (entryPoint == null) {
                run.endWithFailure(new IllegalStateException("no entry point for form " + dispatch.getForm() + " in this worker"));
                return;
            }
            entryPoint.run(new DispatchedContext(run));
            run.endWithSuccess();
        } catch (Exception e) {
            LOG.info("Execution {} ({}) failed: {}", dispatch.getExecutionId(), dispatch.getForm(), e.toString());
            if (!run.ended()) {
                // As Riberry did: the entry point's stack trace becomes an error artifact of category Fatal.
                run.errorArtifact(dispatch.getForm(), dispatch.getForm() + "-" + dispatch.getExecutionId() + ".log", e, "Fatal");
            }
            run.endWithFailure(e);
        } catch (Error e) {
            // Out of memory, stack overflow...: still say the execution failed rather than leave it
            // ACTIVE, then let the error go on to the thread's handler.
            run.endWithFailure(new IllegalStateException("the entry point died: " + e, e));
            throw e;
        } finally {
            runs.remove(dispatch.getExecutionId());
            running.decrementAndGet();
            synchronized (slotFreed) {
                slotFreed.notifyAll();
            }
        }
    }

    /**
     * Changes how many entry points run at once, live: the parameter {@code concurrency} of the
     * instance, or null to return to the configured value. Running entry points finish; a smaller
     * pool simply takes no new ones until it has room.
     */
    public synchronized void concurrency(final Integer wanted) {
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
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    public int concurrency() {
        return concurrency;
    }

    private boolean wasCancelled(final String executionId) {
        synchronized (recentlyCancelled) {
            return recentlyCancelled.contains(executionId);
        }
    }

    /** A cancel for an execution this process runs: its remaining tasks will not run. */
    public void cancel(final String executionId) {
        synchronized (recentlyCancelled) {
            recentlyCancelled.add(executionId);
        }
        final ExecutionRun run = runs.get(executionId);
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
        for (ExecutionRun run : runs.values()) {
            if (!run.ended()) {
                final String executionId = run.dispatch.getExecutionId();
                LOG.warn("Execution {} is still running as the worker stops; it ends FAILURE", executionId);
                final WorkerStoppedException stopped = new WorkerStoppedException(executionId);
                run.errorArtifact("WorkerStopped", "WorkerStopped-" + executionId + ".log", stopped, "Fatal");
                run.endWithFailure(stopped);
            }
        }
    }

    public void close(final Duration timeout) {
        open = false;
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopUnfinishedRuns();
                pool.shutdownNow();
                // Interrupted entry points unwind while the producers are still open.
                pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        } finally {
            tasks.shutdownNow();
        }
    }
}
