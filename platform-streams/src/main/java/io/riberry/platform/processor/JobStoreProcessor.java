package io.riberry.platform.processor;

import io.riberry.platform.topology.StoreNames;
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
 * The jobs, keyed by job id: the decision on each (ACCEPTED with its executions, or REJECTED with
 * every reason), queryable by id. A re-run adds an execution of an accepted job and creates it.
 * The first decision on a job id stands.
 */
public final class JobStoreProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(JobStoreProcessor.class);

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
            final String jobId = decision.getJob().getJobId();
            if (jobs.get(jobId) == null) {
                jobs.put(jobId, decision);
            } else {
                LOG.debug("Job {} already has a decision; keeping it", jobId);
            }
        } else if (record.value() instanceof JobRerun rerun) {
            onRerun(rerun, record.timestamp());
        }
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
        ExecutionCreation.create(context, job, rerun.getExecutionId(), Instant.ofEpochMilli(context.currentSystemTimeMs()), timestamp);
    }
}
