package io.riberry.platform.processor;

import io.riberry.platform.topology.ProcessorNames;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.CreateExecution;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.JobRecord;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** How an execution of an accepted job comes to be: RECEIVED to the execution processor, and a place in its instance's queue. */
final class ExecutionCreation {

    private ExecutionCreation() {
    }

    static void create(final ProcessorContext<String, Object> context, final JobRecord job, final String executionId,
                       final Instant createdAt, final long timestamp) {
        final JobSubmitted submitted = job.getJob();
        final ExecutionTransition create = ExecutionTransition.newBuilder()
                .setExecutionId(executionId).setAt(createdAt)
                .setChange(new CreateExecution(submitted, job.getApplication(), job.getInstance()))
                .build();
        context.forward(new Record<>(executionId, (Object) create, timestamp), ProcessorNames.TRANSITIONS_SINK);
        final DispatchRequest enqueue = DispatchRequest.newBuilder()
                .setInstance(job.getInstance()).setExecutionId(executionId).setAt(createdAt)
                .setRequest(new Enqueue(submitted.getPriority(), createdAt, submitted.getForm()))
                .build();
        context.forward(new Record<>(job.getInstance(), (Object) enqueue, timestamp), ProcessorNames.DISPATCH_REQUESTS_SINK);
    }
}
