package io.riberry.topics;

import io.riberry.schema.InputFile;
import io.riberry.schema.JobSubmitted;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * How large the values people send may be. Kafka refuses a record over its topic's limit
 * (1 MiB by default), and a job's inputs are copied into every record the platform writes about
 * it (its decision, its execution, its dispatch), so inputs are bounded where they enter, well
 * below that limit, and user text is truncated wherever the platform quotes or stores it.
 */
public final class RecordLimits {

    /** A job's inputs and files together, in bytes as sent (UTF-8 text, raw file bytes). */
    public static final int MAX_JOB_BYTES = 256 * 1024;
    /** A request body of the HTTP API: a job of {@link #MAX_JOB_BYTES} with its files in base64 fits. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Names (job, form, instance, input, stream, step, artifact) are keys of stores and records. */
    public static final int MAX_NAME_CHARS = 256;
    /** Ids (job, execution, artifact, event) are record keys. */
    public static final int MAX_ID_CHARS = 128;
    /** Free text a worker reports (progress and error messages, notification texts). */
    public static final int MAX_MESSAGE_CHARS = 8 * 1024;
    /** A stack trace a worker reports. */
    public static final int MAX_STACK_TRACE_CHARS = 64 * 1024;
    /** A user value quoted in a reason or an error message. */
    public static final int MAX_QUOTE_CHARS = 120;
    /** Raw bytes a dead letter keeps of the record it describes. */
    public static final int MAX_DEAD_LETTER_BYTES = 64 * 1024;

    private static final String ELLIPSIS = "...";

    private RecordLimits() {
    }

    /** {@code text} in quotes, cut to {@link #MAX_QUOTE_CHARS} with its full length said, so a reason stays short. */
    public static String quote(final Object value) {
        final String text = String.valueOf(value);
        if (text.length() <= MAX_QUOTE_CHARS) {
            return "\"" + text + "\"";
        }
        return "\"" + text.substring(0, MAX_QUOTE_CHARS) + ELLIPSIS + "\" (" + text.length() + " characters)";
    }

    /** {@code text} cut to {@code maxChars} (an ellipsis marks the cut); null stays null. */
    public static String truncate(final String text, final int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, Math.max(0, maxChars - ELLIPSIS.length())) + ELLIPSIS;
    }

    /** The bytes a job's name, form, inputs and files take as sent. */
    public static long jobBytes(final JobSubmitted job) {
        long bytes = utf8(job.getName()) + utf8(job.getForm()) + utf8(job.getSubmittedBy());
        for (Map.Entry<String, Object> input : job.getInputs().entrySet()) {
            bytes += utf8(input.getKey()) + valueBytes(input.getValue());
        }
        for (InputFile file : job.getFiles()) {
            bytes += utf8(file.getName()) + utf8(file.getFilename()) + (file.getContent() == null ? 0 : file.getContent().remaining());
        }
        return bytes;
    }

    private static long valueBytes(final Object value) {
        if (value instanceof Collection<?> values) {
            long bytes = 0;
            for (Object item : values) {
                bytes += valueBytes(item);
            }
            return bytes;
        }
        return value == null ? 0 : utf8(value.toString());
    }

    private static long utf8(final String text) {
        // An upper bound without encoding: a char is at most 3 UTF-8 bytes (surrogate pairs take 4 for 2 chars).
        return text == null ? 0 : (long) text.length() * (isAscii(text) ? 1 : 3);
    }

    private static boolean isAscii(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code max} bytes of {@code bytes} (all of them when shorter). */
    public static byte[] prefix(final byte[] bytes, final int max) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        return Arrays.copyOf(bytes, max);
    }
}
