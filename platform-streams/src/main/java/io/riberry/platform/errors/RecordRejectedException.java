package io.riberry.platform.errors;

/**
 * Thrown by a processor for a well-formed record it cannot keep as it is (an id too long to be a
 * key, say). The processing handler sends it to the dead letters with this message, without a
 * stack trace in the log: it is the record's fault, not the platform's.
 */
public final class RecordRejectedException extends RuntimeException {

    public RecordRejectedException(final String reason) {
        super(reason, null, false, false);
    }
}
