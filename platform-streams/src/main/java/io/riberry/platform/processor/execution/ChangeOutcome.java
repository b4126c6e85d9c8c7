package io.riberry.platform.processor.execution;

import io.riberry.schema.internal.ExecutionRecord;

/**
 * What a change did: produced the next execution record; changed only the execution's other
 * stores (its streams or steps) and not the execution itself; or was rejected with a reason (an anomaly).
 */
public sealed interface ChangeOutcome {

    record Applied(ExecutionRecord next) implements ChangeOutcome {
    }

    record Unchanged() implements ChangeOutcome {
    }

    /** {@code rejection} is what it is counted as; {@code reason} says it in words for the anomaly. */
    record Rejected(Rejection rejection, String reason) implements ChangeOutcome {
    }

    static ChangeOutcome applied(final ExecutionRecord next) {
        return new Applied(next);
    }

    static ChangeOutcome unchanged() {
        return new Unchanged();
    }

    static ChangeOutcome rejected(final Rejection rejection, final String reason) {
        return new Rejected(rejection, reason);
    }
}
