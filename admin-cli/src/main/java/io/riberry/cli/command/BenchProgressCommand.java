package io.riberry.cli.command;

import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.GlobalOptions;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.TaskStatus;
import io.riberry.schema.WorkflowEvent;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riberry bench progress}: how many stream and step events per second the platform folds
 * into its stores. It plays the worker of the {@code bench-local} instance (which has no real
 * worker): submits {@code bench-progress} jobs, starts their executions, then publishes every
 * step's QUEUED, ACTIVE and SUCCESS across all executions at once, and stops the clock when every
 * execution's committed snapshot counts all its steps succeeded.
 */
@Command(name = "progress", mixinStandardHelpOptions = true, description = "Measure stream/step events folded per second.")
public final class BenchProgressCommand extends RiberryCommand {

    static final String FORM = "bench-progress";
    static final String INSTANCE = "bench-local";
    static final String APPLICATION = "bench";
    /** The process the bench plays: its heartbeats keep the executions it starts alive. */
    static final String PROCESS_ID = "riberry-bench-progress";

    @Option(names = "--executions", description = "Executions reporting at once (default 100).")
    int executions = 100;

    @Option(names = "--steps", description = "Steps per execution, three events each (default 500).")
    int steps = 500;

    @Option(names = "--warmup-steps", description = "Steps per execution of a first round that is not measured (default: as many as --steps; 0 = none).")
    Integer warmupSteps;

    @Option(names = "--timeout", description = "Give up after this long (default PT5M).")
    Duration timeout = Duration.ofMinutes(5);

    @Override
    public Integer call() {
        final GlobalOptions options = global();
        requireReachableKafka();
        final RiberryTopics topics = RiberryTopics.withDefaultPrefix();
        // The bench plays bench-local's worker, heartbeats included: the platform dispatches only to an ONLINE instance.
        try (BenchHeartbeats heartbeats = new BenchHeartbeats(options, topics.heartbeats(),
                     APPLICATION, INSTANCE, PROCESS_ID, List.of(FORM), Duration.ofSeconds(1));
             KafkaConsumer<String, ExecutionState> snapshots = BenchClients.snapshotsFromNow(options, topics.executions());
             KafkaProducer<String, JobSubmitted> jobs = BenchClients.producer(options, JobSubmitted.class);
             KafkaProducer<String, WorkflowEvent> events = BenchClients.producer(options, WorkflowEvent.class)) {
            final int warmup = warmupSteps == null ? steps : warmupSteps;
            if (warmup > 0) {
                // JIT and caches warm up on a first round as large as the measured one, as the job benchmark does.
                round(snapshots, jobs, events, topics, warmup);
            }
            final Round measured = round(snapshots, jobs, events, topics, steps);
            final long start = measured.start();
            final long sent = measured.sent();
            final long folded = measured.folded();
            final long published = measured.published();
            printer().line(String.format("events               %d (%d executions x (%d steps x 3 + 2 stream events), after a warm-up round of %d steps)",
                    published, executions, steps, warmup));
            printer().line(String.format("publish rate         %.0f events/s", published / ((sent - start) / 1e9)));
            printer().line(String.format("folded               %.0f events/s (publish until every execution's snapshot counts all its steps)",
                    published / ((folded - start) / 1e9)));
        }
        return ExitCodes.OK;
    }

    /** Timings of one round: from the first step event published to the last execution counting all its steps. */
    private record Round(long start, long sent, long folded, long published) {
    }

    private Round round(final KafkaConsumer<String, ExecutionState> snapshots, final KafkaProducer<String, JobSubmitted> jobs,
                        final KafkaProducer<String, WorkflowEvent> events, final RiberryTopics topics, final int stepCount) {
        final List<String> ids = submit(jobs, topics.jobInputs());
        awaitAll(snapshots, ids, s -> s.getStatus() == ExecutionStatus.READY, "READY");
        ids.forEach(id -> send(events, topics.events(), id, new ExecutionStarted(PROCESS_ID)));
        events.flush();
        awaitAll(snapshots, ids, s -> s.getStatus() == ExecutionStatus.ACTIVE, "ACTIVE");

        final long start = System.nanoTime();
        final long published = publishSteps(events, topics.events(), ids, stepCount);
        final long sent = System.nanoTime();
        awaitAll(snapshots, ids, s -> s.getProgress().getSucceeded() == stepCount, "all steps SUCCESS");
        final long folded = System.nanoTime();

        ids.forEach(id -> send(events, topics.events(), id, new ExecutionCompleted(ExecutionStatus.SUCCESS, null)));
        events.flush();
        return new Round(start, sent, folded, published);
    }

    private List<String> submit(final KafkaProducer<String, JobSubmitted> producer, final String topic) {
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            final String jobId = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>(topic, jobId, JobSubmitted.newBuilder().setJobId(jobId).setForm(FORM)
                    .setName("bench-progress-" + jobId).setSubmittedAt(Instant.now()).setSource("bench").build()));
            ids.add(ExecutionIds.of(jobId, 1));
        }
        producer.flush();
        return ids;
    }

    /** Every step's three events, interleaved across executions the way many busy workers would send them. */
    private long publishSteps(final KafkaProducer<String, WorkflowEvent> producer, final String topic, final List<String> ids,
                              final int stepCount) {
        long count = 0;
        for (String id : ids) {
            send(producer, topic, id, new StreamEvent("bench", "Overall", TaskStatus.ACTIVE, (long) stepCount));
            count++;
        }
        for (TaskStatus status : new TaskStatus[] {TaskStatus.QUEUED, TaskStatus.ACTIVE, TaskStatus.SUCCESS}) {
            for (int step = 0; step < stepCount; step++) {
                for (String id : ids) {
                    send(producer, topic, id, new StepEvent("bench", Integer.toString(step), "step " + step, status, false));
                    count++;
                }
            }
        }
        for (String id : ids) {
            send(producer, topic, id, new StreamEvent("bench", "Overall", TaskStatus.SUCCESS, null));
            count++;
        }
        producer.flush();
        return count;
    }

    private void send(final KafkaProducer<String, WorkflowEvent> producer, final String topic, final String executionId, final Object payload) {
        producer.send(new ProducerRecord<>(topic, executionId, WorkflowEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setExecutionId(executionId).setAttempt(1).setInstance(INSTANCE)
                .setOccurredAt(Instant.now()).setPayload(payload).build()));
    }

    private void awaitAll(final KafkaConsumer<String, ExecutionState> snapshots, final List<String> ids,
                          final Predicate<ExecutionState> reached, final String what) {
        final Set<String> wanted = new HashSet<>(ids);
        final Set<String> done = new HashSet<>();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (done.size() < ids.size()) {
            if (System.nanoTime() > deadline) {
                throw new CliException("only " + done.size() + " of " + ids.size() + " executions reached " + what + " within " + timeout);
            }
            for (ConsumerRecord<String, ExecutionState> record : snapshots.poll(Duration.ofMillis(50))) {
                if (record.value() != null && wanted.contains(record.key()) && reached.test(record.value())) {
                    done.add(record.key());
                }
            }
        }
    }
}
