package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionDispatched;
import io.riberry.sdk.EntryPoint;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * second process running it again. While the pool is full the partitions are paused, so
 * waiting dispatches stay in Kafka where another process of the instance can take them.
 */
public final class DispatchLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * Dispatches taken but not finished, per pool thread, before the partitions are paused. One
     * synchronous offset commit covers a whole poll, so a small backlog keeps commits off the
     * critical path; a large one would hold work another process could run.
     */
    private static final int BACKLOG_FACTOR = 2;

    private final KafkaConsumer<String, ExecutionDispatched> consumer;
    private final String topic;
    private final int concurrency;
    private final Map<String, EntryPoint> entryPoints;
    private final EventPublisher events;
    private final ExecutorService pool;
    private final AtomicInteger running = new AtomicInteger();
    private final Thread thread;
    private volatile boolean open = true;

    public DispatchLoop(final String bootstrapServers, final String registryUrl, final String topic, final String instance,
                        final int concurrency, final Map<String, EntryPoint> entryPoints, final EventPublisher events) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "riberry.worker." + instance,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, concurrency * BACKLOG_FACTOR,
                // Dispatches are written in transactions; don't let an idle fetch sit 500 ms after one commits.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                new StringDeserializer(), AvroSerdes.serde(ExecutionDispatched.class, registryUrl).deserializer());
        this.topic = topic;
        this.concurrency = concurrency;
        this.entryPoints = entryPoints;
        this.events = events;
        final AtomicInteger threadCount = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            final Thread worker = new Thread(r, "riberry-entry-point-" + threadCount.incrementAndGet());
            worker.setDaemon(true);
            return worker;
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
                if (running.get() >= concurrency * BACKLOG_FACTOR) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                final ConsumerRecords<String, ExecutionDispatched> records = consumer.poll(POLL);
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
        } catch (RuntimeException e) {
            LOG.error("Dispatch loop of {} stopped", topic, e);
        } finally {
            consumer.close();
        }
    }

    private void run(final ExecutionDispatched dispatch) {
        try {
            events.started(dispatch);
            final EntryPoint entryPoint = entryPoints.get(dispatch.getForm());
            if (entryPoint == null) {
                events.failed(dispatch, new IllegalStateException("no entry point for form " + dispatch.getForm() + " in this worker"));
                return;
            }
            entryPoint.run(new DispatchedContext(dispatch));
            events.succeeded(dispatch);
        } catch (Exception e) {
            LOG.info("Execution {} ({}) failed: {}", dispatch.getExecutionId(), dispatch.getForm(), e.toString());
            events.failed(dispatch, e);
        } finally {
            running.decrementAndGet();
        }
    }

    public void close(final Duration timeout) {
        open = false;
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
