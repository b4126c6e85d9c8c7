package io.riberry.platform.errors;

import io.riberry.schema.DeadLetter;
import io.riberry.topics.RecordLimits;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead-letter record for a record the platform could not process or write: where it
 * came from, why, and its raw bytes. A dead letter must itself fit its topic, or it would fail
 * the way its record did: it keeps at most {@link RecordLimits#MAX_DEAD_LETTER_BYTES} of the key
 * and of the value, with the original size, and a bounded reason.
 */
public final class DeadLetters {

    /** The Streams config key that tells the dead-letter handlers which topic to write to. */
    public static final String TOPIC_CONFIG = "riberry.dead.letter.topic";
    /** The dead letter's own key: the original key's first bytes, enough to find it. */
    private static final int MAX_KEY_BYTES = 1024;
    /** The dead-letter reason (a metric label) of a record that could not be decoded. */
    public static final String UNDECODABLE = "undecodable";
    /** The dead-letter reason (a metric label) of a record a processor failed on. */
    public static final String PROCESSING_ERROR = "processing_error";
    /** The dead-letter reason (a metric label) of a well-formed record a processor refused to keep (an id over its limit). */
    public static final String REFUSED = "refused";
    /** The dead-letter reason (a metric label) of a record the platform made but could not write (too large, unserializable). */
    public static final String UNWRITABLE = "unwritable";

    private DeadLetters() {
    }

    /** A record read from {@code context}'s source that could not be decoded or processed. */
    public static ProducerRecord<byte[], byte[]> of(final String deadLetterTopic, final ErrorHandlerContext context,
                                                   final Exception exception, final Serializer<DeadLetter> serializer) {
        final byte[] key = context.sourceRawKey();
        final byte[] value = context.sourceRawValue();
        final DeadLetter letter = bounded(DeadLetter.newBuilder()
                .setTopic(context.topic() == null ? "" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, context.timestamp())))
                .setError(describe(exception))
                .setErrorType(exception.getClass().getName())
                .setProcessor(context.processorNodeId()), key, value, value == null ? null : (long) value.length);
        return new ProducerRecord<>(deadLetterTopic, null, RecordLimits.prefix(key, MAX_KEY_BYTES), serializer.serialize(deadLetterTopic, letter));
    }

    /**
     * A record the platform made but could not write to {@code record.topic()} (too large, say):
     * the dead letter names that topic, refers to the input being processed (topic, partition,
     * offset in the reason), and keeps a prefix of what could not be written.
     */
    public static ProducerRecord<byte[], byte[]> unwritable(final String deadLetterTopic, final ErrorHandlerContext context,
                                                           final ProducerRecord<byte[], byte[]> record, final Exception exception,
                                                           final Serializer<DeadLetter> serializer) {
        final long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        final String source = context.topic() == null ? "a punctuation" : context.topic() + "-" + context.partition() + "@" + context.offset();
        final DeadLetter letter = bounded(DeadLetter.newBuilder()
                .setTopic(record.topic())
                .setPartition(record.partition() == null ? -1 : record.partition())
                .setOffset(-1)
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, record.timestamp() == null ? context.timestamp() : record.timestamp())))
                .setError("could not write a record of " + size + " bytes to " + record.topic() + " while processing " + source
                        + ": " + describe(exception))
                .setErrorType(exception.getClass().getName())
                .setProcessor(context.processorNodeId()), record.key(), record.value(), size);
        return new ProducerRecord<>(deadLetterTopic, null, RecordLimits.prefix(record.key(), MAX_KEY_BYTES),
                serializer.serialize(deadLetterTopic, letter));
    }

    /** A well-formed record the platform refuses (e.g. an event for an execution that does not exist). */
    public static DeadLetter rejected(final RecordMetadata source, final long timestamp, final String processor, final String reason,
                                      final byte[] key, final byte[] value) {
        return bounded(DeadLetter.newBuilder()
                .setTopic(source == null ? "" : source.topic())
                .setPartition(source == null ? -1 : source.partition())
                .setOffset(source == null ? -1 : source.offset())
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, timestamp)))
                .setError(reason)
                .setErrorType("Rejected")
                .setProcessor(processor), key, value, value == null ? null : (long) value.length);
    }

    private static DeadLetter bounded(final DeadLetter.Builder letter, final byte[] key, final byte[] value, final Long size) {
        final boolean truncated = (key != null && key.length > RecordLimits.MAX_DEAD_LETTER_BYTES)
                || (value != null && value.length > RecordLimits.MAX_DEAD_LETTER_BYTES);
        return letter
                .setError(RecordLimits.truncate(letter.getError(), RecordLimits.MAX_MESSAGE_CHARS))
                .setKey(wrap(RecordLimits.prefix(key, RecordLimits.MAX_DEAD_LETTER_BYTES)))
                .setValue(wrap(RecordLimits.prefix(value, RecordLimits.MAX_DEAD_LETTER_BYTES)))
                .setSize(size)
                .setTruncated(truncated)
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
            if (reason.length() > RecordLimits.MAX_MESSAGE_CHARS) {
                break;
            }
        }
        return reason.toString();
    }

    private static ByteBuffer wrap(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
