package io.riberry.platform.errors;

import io.riberry.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

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
