package io.riberry.platform.processor;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.CreateExecution;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.JobRecord;
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
 * Intake, keyed by job id: validates a submitted job against the catalog, stores it ACCEPTED or
 * REJECTED, and for an accepted job creates its first execution (RECEIVED) and queues it for its
 * instance. A replay of a stored job id changes nothing.
 */
public final class JobIntakeProcessor implements Processor<String, JobSubmitted, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(JobIntakeProcessor.class);

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, JobRecord> jobs;
    private CatalogView catalog;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(StoreNames.JOBS);
        final KeyValueStore<String, CatalogEntry> catalogStore = context.getStateStore(StoreNames.CATALOG);
        this.catalog = new CatalogView(catalogStore);
    }

    @Override
    public void process(final Record<String, JobSubmitted> record) {
        final JobSubmitted job = record.value();
        if (job == null) {
            LOG.debug("Ignoring a tombstone on the job inputs for key {}", record.key());
            return;
        }
        final String jobId = job.getJobId();
        if (jobs.get(jobId) != null) {
            LOG.debug("Job {} was already received; the replay creates nothing", jobId);
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final JobValidator.Validation validation = JobValidator.check(job, catalog);
        final List<String> reasons = new ArrayList<>(validation.reasons());
        if (record.key() != null && !record.key().equals(jobId)) {
            reasons.add("record key \"" + record.key() + "\" differs from jobId \"" + jobId + "\"");
        }
        if (!reasons.isEmpty()) {
            LOG.info("Job {} ({}) rejected: {}", jobId, job.getForm(), reasons);
            jobs.put(jobId, JobRecord.newBuilder().setJob(job).setStatus(JobStatus.REJECTED)
                    .setReasons(reasons).setReceivedAt(now).build());
            return;
        }
        final FormDefinition form = catalog.form(job.getForm()).orElseThrow();
        // Stored and run as Riberry did: defaults applied, values in their declared types.
        job.setInputs(validation.inputs());
        final String executionId = ExecutionIds.of(jobId, 1);
        jobs.put(jobId, JobRecord.newBuilder().setJob(job).setStatus(JobStatus.ACCEPTED)
                .setApplication(form.getApplication()).setInstance(form.getInstance())
                .setReceivedAt(now).setExecutionIds(List.of(executionId)).build());

        final ExecutionTransition create = ExecutionTransition.newBuilder()
                .setExecutionId(executionId).setAt(now)
                .setChange(new CreateExecution(job, form.getApplication(), form.getInstance()))
                .build();
        context.forward(new Record<>(executionId, (Object) create, record.timestamp()), ProcessorNames.TRANSITIONS_SINK);
        final DispatchRequest enqueue = DispatchRequest.newBuilder()
                .setInstance(form.getInstance()).setExecutionId(executionId).setAt(now)
                .setRequest(new Enqueue(job.getPriority(), now))
                .build();
        context.forward(new Record<>(form.getInstance(), (Object) enqueue, record.timestamp()), ProcessorNames.DISPATCH_REQUESTS_SINK);
    }
}
