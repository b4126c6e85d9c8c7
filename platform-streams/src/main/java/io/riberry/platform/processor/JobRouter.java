package io.riberry.platform.processor;

import io.riberry.platform.topology.ProcessorNames;
import io.riberry.schema.JobSubmitted;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys submitted jobs by name: job names are unique, and only the task that owns a name can
 * decide who has it. Whatever key the submitter used, the job's own id is what counts afterwards.
 */
public final class JobRouter implements Processor<String, JobSubmitted, String, Object> {

    private ProcessorContext<String, Object> context;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, JobSubmitted> record) {
        final JobSubmitted job = record.value();
        if (job == null) {
            return;
        }
        final String name = job.getName() == null ? "" : job.getName();
        context.forward(new Record<>(name, (Object) job, record.timestamp()), ProcessorNames.JOB_CLAIMS_SINK);
    }
}
