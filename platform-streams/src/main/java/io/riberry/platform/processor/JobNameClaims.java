package io.riberry.platform.processor;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.JobSubmitted;
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
 * Decides a submitted job, keyed by job name: valid against its form (see {@link JobValidator})
 * and with a name no other job holds, it is ACCEPTED and the name becomes its own; otherwise it is
 * REJECTED with every reason and claims nothing. The decision goes to the job's intake, keyed by
 * job id. A replay of a job that holds its name is decided the same way again; the intake keeps
 * the first decision.
 */
public final class JobNameClaims implements Processor<String, JobSubmitted, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(JobNameClaims.class);

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, String> names;
    private CatalogView catalog;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.names = context.getStateStore(StoreNames.JOB_NAMES);
        final KeyValueStore<String, CatalogEntry> catalogStore = context.getStateStore(StoreNames.CATALOG);
        this.catalog = new CatalogView(catalogStore);
    }

    @Override
    public void process(final Record<String, JobSubmitted> record) {
        final JobSubmitted job = record.value();
        if (job == null) {
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final JobValidator.Validation validation = JobValidator.check(job, catalog);
        final List<String> reasons = new ArrayList<>(validation.reasons());
        final String holder = record.key().isBlank() ? null : names.get(record.key());
        if (holder != null && !holder.equals(job.getJobId())) {
            reasons.add(JobValidator.nameTaken(record.key(), holder));
        }
        final JobRecord decision;
        if (reasons.isEmpty()) {
            names.put(record.key(), job.getJobId());
            final FormDefinition form = catalog.form(job.getForm()).orElseThrow();
            // Stored and run as Riberry did: defaults applied, values in their declared types.
            job.setInputs(validation.inputs());
            decision = JobRecord.newBuilder().setJob(job).setStatus(JobStatus.ACCEPTED)
                    .setApplication(form.getApplication()).setInstance(form.getInstance()).setReceivedAt(now).build();
        } else {
            LOG.info("Job {} ({}) rejected: {}", job.getJobId(), job.getForm(), reasons);
            decision = JobRecord.newBuilder().setJob(job).setStatus(JobStatus.REJECTED).setReasons(reasons).setReceivedAt(now).build();
        }
        context.forward(new Record<>(job.getJobId(), (Object) decision, record.timestamp()), ProcessorNames.JOB_DECISIONS_SINK);
    }
}
