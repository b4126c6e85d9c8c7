package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.bench.JmxProbe;
import io.riberry.cli.bench.ProcStatus;
import io.riberry.cli.bench.ThreadCpu;
import io.riberry.cli.bench.ThreadGroups;
import io.riberry.cli.bench.WorkerJvm;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.client.ApiClient;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.topics.RiberryTopics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One measured worker JVM for {@code riberry bench worker}: spawned, left idle, kept busy with
 * jobs, stopped. The JMX connection is opened once the worker says it runs and kept to the end, so
 * its few threads are there in every figure after the start, and are counted as such.
 */
final class WorkerRound {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration JMX_TIMEOUT = Duration.ofSeconds(10);
    private static final long SAMPLE_EVERY_MILLIS = 100;
    private static final int BUSIEST_SHOWN = 6;

    /** The platform the worker works for, and the token its API and registry take (null when they take none). */
    record Target(KafkaConnection kafka, String registryUrl, String apiUrl, RiberryTopics topics, String token) {

        /** Without the token: a record's own toString() would show it. */
        @Override
        public String toString() {
            return "Target[kafka=" + kafka + ", registryUrl=" + registryUrl + ", apiUrl=" + apiUrl + ", topics=" + topics.prefix()
                    + (token == null ? "" : ", with a token") + "]";
        }
    }

    /** What a round does: which instance's worker, which form and how many jobs keep it busy, how long it idles first. */
    record Plan(String instance, String form, int jobs, Duration idle, String heap, Duration timeout) {
    }

    record Start(long pid, Duration sinceSpawn, OptionalLong startMillis, Duration cpu) {
    }

    /** {@code cpu} over the whole idle wait; {@code cpuLastHalf} over its second half, once the start's JIT work has calmed. */
    record Idle(ProcStatus proc, long heapUsedBytes, Duration cpu, Duration cpuLastHalf, Busiest busiestLastHalf,
                JmxProbe.KafkaClients clients, ThreadGroups threads) {
    }

    /** The threads that used the most CPU over a stretch: Java threads by their full names, and every OS thread. */
    record Busiest(String javaThreads, String osThreads) {
    }

    record Busy(int succeeded, int failed, Duration run, int peakThreads, long peakRssBytes, ProcStatus after, Duration cpu,
                Busiest busiest, JmxProbe.KafkaClients clients, ThreadGroups threads) {
    }

    record Figures(Start start, Idle idle, Busy busy) {
    }

    private WorkerRound() {
    }

    static Figures run(final Target target, final Path workerSettings, final Plan plan, final String label, final PrintStream log) {
        try (WorkerJvm worker = WorkerJvm.spawn(plan.instance(), workerSettings, plan.heap(), label, log)) {
            final WorkerJvm.Started started = awaitStarted(worker);
            final long startedAt = System.nanoTime();
            final Figures figures;
            try (JmxProbe probe = JmxProbe.connect(worker.jmxPort(), JMX_TIMEOUT)) {
                final Duration cpuAtStart = probe.processCpu();
                final Start start = new Start(worker.pid(), started.sinceSpawn(), started.startMillis(), cpuAtStart);
                pauseUntil(startedAt + plan.idle().toNanos() / 2, worker);
                final Duration cpuHalfway = probe.processCpu();
                final Map<Long, ThreadCpu> javaHalfway = probe.threadCpu();
                final Map<Long, ThreadCpu> osHalfway = ThreadCpu.ofOsThreads(worker.pid());
                pauseUntil(startedAt + plan.idle().toNanos(), worker);
                // /proc first: reading the names over JMX must not be what the count sees.
                final ProcStatus idleProc = proc(worker);
                final Duration cpuIdle = probe.processCpu();
                final Busiest busiest = busiest(worker, probe, javaHalfway, osHalfway);
                final Idle idle = new Idle(idleProc, probe.heapUsedBytes(), cpuIdle.minus(cpuAtStart), cpuIdle.minus(cpuHalfway), busiest,
                        probe.kafkaClients(), ThreadGroups.of(probe.threadNames()));
                figures = new Figures(start, idle, busy(target, plan, worker, probe));
            }
            worker.stop(STOP_TIMEOUT);
            return figures;
        }
    }

    private static WorkerJvm.Started awaitStarted(final WorkerJvm worker) {
        try {
            return worker.awaitStarted(START_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage() + " (see its output in the log)");
        }
    }

    /** Submits the jobs through the API and waits until the platform commits every one's end, sampling /proc meanwhile. */
    private static Busy busy(final Target target, final Plan plan, final WorkerJvm worker, final JmxProbe probe) {
        final Duration cpuBefore = probe.processCpu();
        final Map<Long, ThreadCpu> javaBefore = probe.threadCpu();
        final Map<Long, ThreadCpu> osBefore = ThreadCpu.ofOsThreads(worker.pid());
        final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        final AtomicInteger peakThreads = new AtomicInteger();
        final AtomicLong peakRss = new AtomicLong();
        try (KafkaConsumer<String, ExecutionState> snapshots = BenchClients.snapshotsFromNow(target.kafka(), target.registryUrl(),
                target.topics().executions())) {
            sampler.scheduleAtFixedRate(() -> ProcStatus.of(worker.pid()).ifPresent(status -> {
                peakThreads.accumulateAndGet(status.threads(), Math::max);
                peakRss.accumulateAndGet(status.rssBytes(), Math::max);
            }), 0, SAMPLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            final long begin = System.nanoTime();
            final Set<String> executionIds = submit(new ApiClient(target.apiUrl(), target.token()), plan);
            final Map<String, ExecutionStatus> ended = awaitEnded(snapshots, executionIds, begin + plan.timeout().toNanos(), worker);
            final Duration run = Duration.ofNanos(System.nanoTime() - begin);
            sampler.shutdownNow();
            final ProcStatus after = proc(worker);
            final int succeeded = (int) ended.values().stream().filter(status -> status == ExecutionStatus.SUCCESS).count();
            return new Busy(succeeded, ended.size() - succeeded, run, Math.max(peakThreads.get(), after.threads()),
                    Math.max(peakRss.get(), after.rssBytes()), after, probe.processCpu().minus(cpuBefore),
                    busiest(worker, probe, javaBefore, osBefore), probe.kafkaClients(), ThreadGroups.of(probe.threadNames()));
        } finally {
            sampler.shutdownNow();
        }
    }

    private static Busiest busiest(final WorkerJvm worker, final JmxProbe probe, final Map<Long, ThreadCpu> javaBefore,
                                   final Map<Long, ThreadCpu> osBefore) {
        return new Busiest(ThreadCpu.busiest(javaBefore, probe.threadCpu(), BUSIEST_SHOWN),
                ThreadCpu.busiest(osBefore, ThreadCpu.ofOsThreads(worker.pid()), BUSIEST_SHOWN));
    }

    private static Set<String> submit(final ApiClient api, final Plan plan) {
        final Set<String> executionIds = new HashSet<>();
        for (int i = 0; i < plan.jobs(); i++) {
            final ApiClient.Answer accepted = ApiErrors.require(api.post("/jobs",
                    Map.of("form", plan.form(), "name", "bench-worker-" + UUID.randomUUID())));
            executionIds.add(accepted.body().get("executionId").asText());
        }
        return executionIds;
    }

    private static Map<String, ExecutionStatus> awaitEnded(final KafkaConsumer<String, ExecutionState> snapshots, final Set<String> executionIds,
                                                           final long deadline, final WorkerJvm worker) {
        final Map<String, ExecutionStatus> ended = new HashMap<>();
        while (ended.size() < executionIds.size()) {
            if (System.nanoTime() > deadline) {
                throw new CliException("only " + ended.size() + " of " + executionIds.size() + " jobs ended in time");
            }
            if (!worker.isAlive()) {
                throw new CliException("the worker JVM ended during the run (see its output in the log)");
            }
            for (ConsumerRecord<String, ExecutionState> record : snapshots.poll(Duration.ofMillis(100))) {
                final ExecutionState state = record.value();
                if (state != null && executionIds.contains(record.key())
                        && (state.getStatus() == ExecutionStatus.SUCCESS || state.getStatus() == ExecutionStatus.FAILURE)) {
                    ended.put(record.key(), state.getStatus());
                }
            }
        }
        return ended;
    }

    private static ProcStatus proc(final WorkerJvm worker) {
        return ProcStatus.of(worker.pid()).orElseThrow(() -> new CliException("the worker JVM is gone (see its output in the log)"));
    }

    private static void pauseUntil(final long deadlineNanos, final WorkerJvm worker) {
        try {
            final CountDownLatch never = new CountDownLatch(1);
            while (System.nanoTime() < deadlineNanos) {
                if (!worker.isAlive()) {
                    throw new CliException("the worker JVM ended while idle (see its output in the log)");
                }
                never.await(Math.min(200, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 1), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
