package io.riberry.platform.errors;

import io.riberry.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter record for a record the platform could not process: where it came from, why, and its raw bytes. */
public final class DeadLetters {

    /** The Streams config key that tells the dead-letter handlers which topic to write to. */
    public static final String TOPIC_CONFIG = "riberry.dead.letter.topic";

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(final String deadLetterTopic, final ErrorHandlerContext context,
                                                   final Exception exception, final Serializer<DeadLetter> serializer) {
        final DeadLetter letter = DeadLetter.newBuilder()
                .setTopic(context.topic() == null ? "" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, context.timestamp())))
                .setError(describe(exception))
                .setErrorType(exception.getClass().getName())
                .setProcessor(context.processorNodeId())
                .setKey(wrap(context.sourceRawKey()))
                .setValue(wrap(context.sourceRawValue()))
                .build();
        return new ProducerRecord<>(deadLetterTopic, null, context.sourceRawKey(), serializer.serialize(deadLetterTopic, letter));
    }

    /** A well-formed record the platform refuses (e.g. an event for an execution that does not exist). */
    public static DeadLetter rejected(final RecordMetadata source, final long timestamp, final String processor, final String reason,
                                      final byte[] key, final byte[] value) {
        return DeadLetter.newBuilder()
                .setTopic(source == null ? "" : source.topic())
                .setPartition(source == null ? -1 : source.partition())
                .setOffset(source == null ? -1 : source.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, timestamp)))
                .setError(reason)
                .setErrorType("Rejected")
                .setProcessor(processor)
                .setKey(wrap(key))
                .setValue(wrap(value))
                .build();
    }

    /** The message of the exception and of each cause, so the reason survives without the stack trace. */
    static String describe(final Throwable exception) {
        final StringBuilder reason = new StringBuilder();
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (reason.length() > 0) {
                reason.append(" <- caused by ");
            }
            reason.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return reason.toString();
    }

    private static ByteBuffer wrap(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
