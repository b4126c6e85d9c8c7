package io.riberry.platform.processor;

import io.riberry.platform.topology.ProcessorNames;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.FailExecution;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * How the instance task ends an execution FAILURE: a transition to the execution processor, which
 * applies it and leaves an error artifact carrying {@code error}'s message.
 */
final class PlatformFailures {

    private PlatformFailures() {
    }

    static void fail(final ProcessorContext<String, Object> context, final String executionId, final ExecutionError error, final Instant now) {
        final ExecutionTransition fail = ExecutionTransition.newBuilder().setExecutionId(executionId).setAt(now)
                .setChange(new FailExecution(error)).build();
        context.forward(new Record<>(executionId, (Object) fail, now.toEpochMilli()), ProcessorNames.TRANSITIONS_SINK);
    }
}
