package io.riberry.platform.processor;

import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.JobStatus;
import io.riberry.topics.KeyPartitions;
import io.riberry.topics.RecordLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake: decides each submitted job in the task that owns its <em>name</em>, because job names
 * are unique and only one place may hand a name out. Valid against its form (see
 * {@link JobValidator}) and with a name no other job holds, a job is ACCEPTED: the name becomes
 * its own and its first execution is created at once. Otherwise it is REJECTED with every reason
 * and claims nothing. Either way the decision goes to the job store, keyed by job id.
 *
 * <p>Jobs arrive keyed by job id. One sent with {@link io.riberry.topics.JobNamePartitioner} (the
 * HTTP API, the CLI, the bench) is already in its name's partition and is decided here and now;
 * any other is first re-keyed by name through the job-claims topic. A replay of a decided job id
 * creates nothing.
 */
public final class JobDecisions implements Processor<String, JobSubmitted, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(JobDecisions.class);
    private static final char SEPARATOR = '\u0000';

    private final KeyPartitions namePartitions;
    private final String jobInputsTopic;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, String> names;
    private KeyValueStore<String, String> rejected;
    private CatalogView catalog;

    /**
     * @param namePartitions the partitions of the job inputs (and job claims), to tell whether a
     *                       job is already in its name's partition
     */
    public JobDecisions(final KeyPartitions namePartitions, final String jobInputsTopic) {
        this.namePartitions = namePartitions;
        this.jobInputsTopic = jobInputsTopic;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.names = context.getStateStore(StoreNames.JOB_NAMES);
        this.rejected = context.getStateStore(StoreNames.REJECTED_JOBS);
        final KeyValueStore<String, CatalogEntry> catalogStore = context.getStateStore(StoreNames.CATALOG);
        this.catalog = new CatalogView(catalogStore);
    }

    @Override
    public void process(final Record<String, JobSubmitted> record) {
        if (IgnoredTombstones.skip(context, record)) {
            return;
        }
        JobBounds.requireUsableId(record.value());
        final List<String> overLimits = JobBounds.violations(record.value());
        // A job over the limits is decided on what fits a record: its reasons, not its inputs.
        final JobSubmitted job = overLimits.isEmpty() ? record.value() : JobBounds.cutDown(record.value());
        final String name = job.getName() == null ? "" : job.getName();
        if (!overLimits.isEmpty()) {
            // Refused wherever it arrives: a rejected job claims no name, so no other task need see it.
            if (rejected.get(rejectionKey(name, job.getJobId())) == null) {
                reject(job, name, overLimits, record.timestamp());
            }
            return;
        }
        final boolean fromJobInputs = context.recordMetadata().map(RecordMetadata::topic).map(jobInputsTopic::equals).orElse(false);
        if (fromJobInputs && !name.isBlank() && namePartitions.partitionOf(name) != context.taskId().partition()) {
            context.forward(new Record<>(name, (Object) job, record.timestamp()), ProcessorNames.JOB_CLAIMS_SINK);
            return;
        }
        final String holder = name.isBlank() ? null : names.get(name);
        if (job.getJobId().equals(holder) || rejected.get(rejectionKey(name, job.getJobId())) != null) {
            LOG.debug("Job {} was already decided; the replay creates nothing", job.getJobId());
            return;
        }
        decide(job, name, holder, record.timestamp());
    }

    private void decide(final JobSubmitted job, final String name, final String holder, final long timestamp) {
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final JobValidator.Validation validation = JobValidator.check(job, catalog);
        final List<String> reasons = new ArrayList<>(validation.reasons());
        if (holder != null) {
            reasons.add(JobValidator.nameTaken(name, holder));
        }
        if (!reasons.isEmpty()) {
            reject(job, name, reasons, timestamp);
            return;
        }
        names.put(name, job.getJobId());
        final FormDefinition form = catalog.form(job.getForm()).orElseThrow();
        // Stored and run as Riberry did: defaults applied, values in their declared types.
        job.setInputs(validation.inputs());
        final String executionId = ExecutionIds.of(job.getJobId(), 1);
        final JobRecord decision = JobRecord.newBuilder().setJob(job).setStatus(JobStatus.ACCEPTED)
                .setApplication(form.getApplication()).setInstance(form.getInstance()).setReceivedAt(now)
                .setExecutionIds(List.of(executionId)).build();
        ExecutionCreation.create(context, decision, executionId, now, timestamp);
        context.forward(new Record<>(job.getJobId(), (Object) decision, timestamp), ProcessorNames.JOB_DECISIONS_SINK);
    }

    private void reject(final JobSubmitted job, final String name, final List<String> reasons, final long timestamp) {
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        LOG.info("Job {} ({}) rejected: {}", job.getJobId(), RecordLimits.truncate(job.getForm(), RecordLimits.MAX_QUOTE_CHARS), reasons);
        rejected.put(rejectionKey(name, job.getJobId()), "");
        final JobRecord decision = JobRecord.newBuilder().setJob(job).setStatus(JobStatus.REJECTED).setReasons(reasons)
                .setReceivedAt(now).build();
        context.forward(new Record<>(job.getJobId(), (Object) decision, timestamp), ProcessorNames.JOB_DECISIONS_SINK);
    }

    /** A rejected job is remembered by name and id, so its replay is not decided again; it holds no name. */
    private static String rejectionKey(final String name, final String jobId) {
        return name + SEPARATOR + jobId;
    }
}
