package io.riberry.platform.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be decoded (corrupt bytes, unknown schema) goes to the dead-letter topic
 * with the reason, within the task's transaction, and processing continues with the next record.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetterConfig config;

    @Override
    public void configure(final Map<String, ?> configs) {
        config = DeadLetterConfig.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        LOG.warn("Undecodable record {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                config.topic(), exception.getMessage());
        config.metrics().deadLetter(DeadLetters.UNDECODABLE);
        return Response.resume(List.of(DeadLetters.of(config.topic(), context, exception, config.serializer())));
    }
}
