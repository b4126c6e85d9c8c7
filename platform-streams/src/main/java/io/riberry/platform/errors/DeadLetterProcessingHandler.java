package io.riberry.platform.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that a processor fails on (a bug, or input the processors did not foresee) goes to
 * the dead-letter topic and processing continues, so one poison record cannot stop every
 * execution. Kafka errors are not the record's fault: they fail the task and Streams recovers it.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterConfig config;

    @Override
    public void configure(final Map<String, ?> configs) {
        config = DeadLetterConfig.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record, final Exception exception) {
        if (exception instanceof KafkaException) {
            LOG.error("Kafka error in processor {} on {}-{}@{}", context.processorNodeId(), context.topic(), context.partition(),
                    context.offset(), exception);
            return Response.fail();
        }
        if (exception instanceof RecordRejectedException) {
            LOG.warn("Processor {} refused {}-{}@{}; record sent to {}: {}", context.processorNodeId(), context.topic(),
                    context.partition(), context.offset(), config.topic(), exception.getMessage());
            config.metrics().deadLetter(DeadLetters.REFUSED);
            return Response.resume(List.of(DeadLetters.of(config.topic(), context, exception, config.serializer())));
        }
        LOG.error("Processor {} failed on {}-{}@{}; record sent to {}", context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), config.topic(), exception);
        config.metrics().deadLetter(DeadLetters.PROCESSING_ERROR);
        return Response.resume(List.of(DeadLetters.of(config.topic(), context, exception, config.serializer())));
    }
}
