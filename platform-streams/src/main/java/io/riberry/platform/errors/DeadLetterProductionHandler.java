package io.riberry.platform.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the platform made but cannot write goes to the dead-letter topic, with a reference to
 * the input being processed and a prefix of what could not be written, and processing goes on.
 * Without this, a record over the topic's size limit fails the stream thread; the replacement
 * thread meets the same input again, and every query answers 503 for good.
 *
 * <p>Only faults of the record itself are skipped: too large, or refused by the broker as
 * invalid, or not serializable. Anything else (authorization, a fenced producer, a broker that is
 * away) is not the record's fault, and Streams handles it as it would without this handler.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetterConfig config;

    @Override
    public void configure(final Map<String, ?> configs) {
        config = DeadLetterConfig.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ProducerRecord<byte[], byte[]> record, final Exception exception) {
        if (!isTheRecordsFault(exception) || config.topic().equals(record.topic())) {
            // A dead letter that cannot be written is not written again as a dead letter: that could loop.
            return Response.fail();
        }
        LOG.error("Could not write a record to {} while processing {}-{}@{} in {}; sent to {} instead: {}", record.topic(),
                context.topic(), context.partition(), context.offset(), context.processorNodeId(), config.topic(), exception.toString());
        config.metrics().deadLetter(DeadLetters.UNWRITABLE);
        return Response.resume(List.of(DeadLetters.unwritable(config.topic(), context, record, exception, config.serializer())));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(final ErrorHandlerContext context, final ProducerRecord record, final Exception exception,
                                             final SerializationExceptionOrigin origin) {
        if (config.topic().equals(record.topic())) {
            return Response.fail();
        }
        LOG.error("Could not serialize the {} of a record for {} while processing {}-{}@{} in {}; sent to {} instead", origin,
                record.topic(), context.topic(), context.partition(), context.offset(), context.processorNodeId(), config.topic(), exception);
        final ProducerRecord<byte[], byte[]> nothingSerialized = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                (byte[]) null, (byte[]) null);
        config.metrics().deadLetter(DeadLetters.UNWRITABLE);
        return Response.resume(List.of(DeadLetters.unwritable(config.topic(), context, nothingSerialized, exception, config.serializer())));
    }

    private static boolean isTheRecordsFault(final Exception exception) {
        return exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException;
    }
}
