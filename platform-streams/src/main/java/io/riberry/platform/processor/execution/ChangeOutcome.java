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

    record Rejected(String reason) implements ChangeOutcome {
    }

    static ChangeOutcome applied(final ExecutionRecord next) {
        return new Applied(next);
    }

    static ChangeOutcome unchanged() {
        return new Unchanged();
    }

    static ChangeOutcome rejected(final String reason) {
        return new Rejected(reason);
    }
}
