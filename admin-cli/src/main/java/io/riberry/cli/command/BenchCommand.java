package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.JobSubmitted;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench}: publishes {@code hello} jobs to the job inputs of a running system and
 * measures, from the execution snapshots the platform commits, submit->ACTIVE and submit->SUCCESS
 * latency; throughput counts until every execution answers SUCCESS through the HTTP API.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure jobs/s and latency of a running system.",
        subcommands = {BenchProgressCommand.class, BenchArtifactCommand.class, BenchScaleCommand.class, BenchWorkerCommand.class,
                BenchAuthCommand.class})
public final class BenchCommand extends RiberryCommand {

    @Option(names = "--jobs", description = "Jobs to run (default 10000).")
    int jobs = 10_000;

    @Option(names = "--rate", description = "Jobs per second to submit; 0 = as fast as possible (default 0).")
    int rate;

    @Option(names = "--warmup", description = "Jobs run first, at the same rate, and not measured (default 1000).")
    int warmup = 1000;

    @Option(names = "--form", description = "Form to run (default hello).")
    String form = "hello";

    @Option(names = "--timeout", description = "Give up after this long, e.g. 30s or 1h (default 10m).")
    Duration timeout = Duration.ofMinutes(10);

    @Option(names = "--topic-prefix", description = "Prefix of the system's topics (default riberry.).")
    String topicPrefix = RiberryTopics.DEFAULT_PREFIX;

    @Option(names = "--replica-api", paramLabel = "URL",
            description = "Confirm through these platform replicas' APIs, round-robin (repeatable; default --api).")
    List<String> replicaApis = new ArrayList<>();

    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> submittedAtMillis = new ConcurrentHashMap<>();
    /** Where the time goes, from the state timestamps (one clock, when bench and system share a machine). */
    private final Map<String, Histogram> stages = new java.util.LinkedHashMap<>();
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final Map<String, Boolean> succeeded = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final Histogram toActive = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram toSuccess = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private volatile long lastSuccessNanos;

    @Override
    public Integer call() throws Exception {
        final GlobalOptions options = global();
        requireReachableKafka();
        final RiberryTopics topics = new RiberryTopics(topicPrefix);
        try (KafkaConsumer<String, ExecutionState> snapshots = BenchClients.snapshotsFromNow(options, topics.executions());
             KafkaProducer<String, JobSubmitted> producer = BenchClients.producer(options, JobSubmitted.class)) {
            final ExecutorService watcher = Executors.newSingleThreadExecutor();
            final Future<?> watching = watcher.submit(() -> watch(snapshots));
            if (warmup > 0) {
                // JIT, connections, first schema registrations and RocksDB caches: not what we measure.
                run(producer, topics.jobInputs(), warmup);
                reset();
            }
            final long start = System.nanoTime();
            final long submitted = run(producer, topics.jobInputs(), jobs);
            watching.cancel(true);
            watcher.shutdownNow();
            final List<ApiClient> apis = replicaApis.isEmpty() ? List.of(options.apiClient())
                    : replicaApis.stream().map(options::apiClient).toList();
            final long confirmed = confirmThroughApi(apis);
            report(start, submitted, confirmed);
        }
        return failed.get() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Submits {@code count} jobs and waits until all finished; answers when the last was submitted. */
    private long run(final KafkaProducer<String, JobSubmitted> producer, final String topic, final int count) {
        final long start = System.nanoTime();
        submit(producer, topic, start, count);
        final long submitted = System.nanoTime();
        awaitAllFinished(start, count);
        return submitted;
    }

    private void reset() {
        submittedAt.clear();
        active.clear();
        succeeded.clear();
        toActive.reset();
        toSuccess.reset();
        stages.clear();
    }

    private void submit(final KafkaProducer<String, JobSubmitted> producer, final String topic, final long start, final int count) {
        final long intervalNanos = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
        for (int i = 0; i < count; i++) {
            if (intervalNanos > 0) {
                final long due = start + i * intervalNanos;
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            final String jobId = UUID.randomUUID().toString();
            final JobSubmitted job = JobSubmitted.newBuilder().setJobId(jobId).setForm(form).setName("bench-" + jobId)
                    .setInputs(Map.of("name", "bench " + i)).setSubmittedAt(Instant.now()).setSource("bench").build();
            submittedAtMillis.put(ExecutionIds.of(jobId, 1), System.currentTimeMillis());
            submittedAt.put(ExecutionIds.of(jobId, 1), System.nanoTime());
            producer.send(new ProducerRecord<>(topic, jobId, job));
        }
        producer.flush();
    }

    private void watch(final KafkaConsumer<String, ExecutionState> snapshots) {
        while (!Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<String, ExecutionState> record : snapshots.poll(Duration.ofMillis(50))) {
                final Long sent = submittedAt.get(record.key());
                if (sent == null || record.value() == null) {
                    continue;
                }
                final long now = System.nanoTime();
                final ExecutionStatus status = record.value().getStatus();
                if ((status == ExecutionStatus.ACTIVE || status == ExecutionStatus.SUCCESS) && active.putIfAbsent(record.key(), true) == null) {
                    toActive.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sent));
                    recordStages(record.value(), submittedAtMillis.get(record.key()), System.currentTimeMillis());
                }
                if (status == ExecutionStatus.SUCCESS && succeeded.putIfAbsent(record.key(), true) == null) {
                    toSuccess.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sent));
                    lastSuccessNanos = now;
                } else if (status == ExecutionStatus.FAILURE && succeeded.putIfAbsent(record.key(), false) == null) {
                    failed.incrementAndGet();
                    lastSuccessNanos = now;
                }
            }
        }
    }

    private void recordStages(final ExecutionState execution, final long submittedMillis, final long seenMillis) {
        stage("submit->RECEIVED", submittedMillis, execution.getCreatedAt());
        stage("RECEIVED->READY", execution.getCreatedAt().toEpochMilli(), execution.getReadyAt());
        stage("READY->worker start", execution.getReadyAt().toEpochMilli(), execution.getStartedAt());
        stage("worker start->ACTIVE seen", execution.getStartedAt().toEpochMilli(), Instant.ofEpochMilli(seenMillis));
    }

    private void stage(final String name, final long fromMillis, final Instant to) {
        stages.computeIfAbsent(name, n -> new Histogram(TimeUnit.MINUTES.toMillis(10), 3))
                .recordValue(Math.max(0, to.toEpochMilli() - fromMillis));
    }

    private void awaitAllFinished(final long start, final int count) {
        final long deadline = start + timeout.toNanos();
        while (succeeded.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new CliException("only " + succeeded.size() + " of " + count + " jobs finished within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Asks the APIs for every execution, round-robin, 8 at a time; answers when all answered SUCCESS. */
    private long confirmThroughApi(final List<ApiClient> apis) throws Exception {
        final List<String> ids = new ArrayList<>(submittedAt.keySet());
        final ExecutorService askers = Executors.newFixedThreadPool(8);
        try {
            final List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                final ApiClient api = apis.get(i % apis.size());
                final String id = ids.get(i);
                answers.add(askers.submit(() -> api.get("/executions/" + id).body().path("status").asText()));
            }
            int notSuccess = 0;
            for (Future<String> answer : answers) {
                if (!"SUCCESS".equals(answer.get())) {
                    notSuccess++;
                }
            }
            if (notSuccess > 0 && failed.get() == 0) {
                throw new CliException(notSuccess + " executions are not SUCCESS through the API");
            }
            return System.nanoTime();
        } finally {
            askers.shutdownNow();
        }
    }

    private void report(final long start, final long submitted, final long confirmed) {
        final double submitSeconds = (submitted - start) / 1e9;
        printer().line(String.format("jobs                 %d (%s, form %s, after %d warm-up jobs)", jobs,
                rate > 0 ? rate + " jobs/s offered" : "unthrottled", form, warmup));
        printer().line(String.format("failed               %d", failed.get()));
        printer().line(String.format("submit rate          %.0f jobs/s", jobs / submitSeconds));
        printer().line(String.format("throughput           %.0f jobs/s (submit until SUCCESS on the executions topic)",
                jobs / ((lastSuccessNanos - start) / 1e9)));
        printer().line(String.format("throughput via API   %.0f jobs/s (submit until every execution answers SUCCESS over HTTP)",
                jobs / ((confirmed - start) / 1e9)));
        printer().line(latency("submit->ACTIVE ", toActive));
        printer().line(latency("submit->SUCCESS", toSuccess));
        stages.forEach((name, histogram) -> printer().line(String.format("  %-26s p50 %d ms  p99 %d ms  max %d ms", name,
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue())));
    }

    private static String latency(final String label, final Histogram histogram) {
        return String.format("%s      p50 %.1f ms  p99 %.1f ms  max %.1f ms", label,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
    }
}
