package io.riberry.platform.processor;

import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.CreateExecution;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.JobRerun;
import io.riberry.schema.internal.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake, keyed by job id: stores the decision on a job (ACCEPTED or REJECTED with reasons), and
 * for an accepted one creates its first execution (RECEIVED) and queues it for its instance. A
 * re-run adds another execution of the same job. The first decision on a job id stands: a replay
 * changes nothing.
 */
public final class JobIntakeProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(JobIntakeProcessor.class);

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobRecord> jobs;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(StoreNames.JOBS);
    }

    @Override
    public void process(final Record<String, Object> record) {
        if (record.value() instanceof JobRecord decision) {
            onDecision(decision, record.timestamp());
        } else if (record.value() instanceof JobRerun rerun) {
            onRerun(rerun, record.timestamp());
        }
    }

    private void onDecision(final JobRecord decision, final long timestamp) {
        final String jobId = decision.getJob().getJobId();
        if (jobs.get(jobId) != null) {
            LOG.debug("Job {} was already received; the replay creates nothing", jobId);
            return;
        }
        if (decision.getStatus() == JobStatus.REJECTED) {
            jobs.put(jobId, decision);
            return;
        }
        final String executionId = ExecutionIds.of(jobId, 1);
        decision.setExecutionIds(List.of(executionId));
        jobs.put(jobId, decision);
        createExecution(decision, executionId, decision.getReceivedAt(), timestamp);
    }

    private void onRerun(final JobRerun rerun, final long timestamp) {
        final JobRecord job = jobs.get(rerun.getJobId());
        if (job == null || job.getStatus() != JobStatus.ACCEPTED || job.getExecutionIds().contains(rerun.getExecutionId())) {
            LOG.debug("Re-run {} of job {} creates nothing: unknown, rejected or already done", rerun.getExecutionId(), rerun.getJobId());
            return;
        }
        final List<String> executionIds = new ArrayList<>(job.getExecutionIds());
        executionIds.add(rerun.getExecutionId());
        job.setExecutionIds(executionIds);
        jobs.put(rerun.getJobId(), job);
        LOG.info("Job {} re-run by {} as execution {}", rerun.getJobId(), rerun.getRequestedBy(), rerun.getExecutionId());
        createExecution(job, rerun.getExecutionId(), Instant.ofEpochMilli(context.currentSystemTimeMs()), timestamp);
    }

    /** RECEIVED to the execution processor, and the execution into its instance's queue. */
    private void createExecution(final JobRecord job, final String executionId, final Instant createdAt, final long timestamp) {
        final JobSubmitted submitted = job.getJob();
        final ExecutionTransition create = ExecutionTransition.newBuilder()
                .setExecutionId(executionId).setAt(createdAt)
                .setChange(new CreateExecution(submitted, job.getApplication(), job.getInstance()))
                .build();
        context.forward(new Record<>(executionId, (Object) create, timestamp), ProcessorNames.TRANSITIONS_SINK);
        final DispatchRequest enqueue = DispatchRequest.newBuilder()
                .setInstance(job.getInstance()).setExecutionId(executionId).setAt(createdAt)
                .setRequest(new Enqueue(submitted.getPriority(), createdAt))
                .build();
        context.forward(new Record<>(job.getInstance(), (Object) enqueue, timestamp), ProcessorNames.DISPATCH_REQUESTS_SINK);
    }
}
