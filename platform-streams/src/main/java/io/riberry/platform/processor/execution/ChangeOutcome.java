package io.riberry.platform.processor.execution;

import io.riberry.schema.internal.ExecutionRecord;

/** What a change did: produced the next record, or was rejected with a reason (an anomaly). */
public sealed interface ChangeOutcome {

    record Applied(ExecutionRecord next) implements ChangeOutcome {
    }

    record Rejected(String reason) implements ChangeOutcome {
    }

    static ChangeOutcome applied(final ExecutionRecord next) {
        return new Applied(next);
    }

    static ChangeOutcome rejected(final String reason) {
        return new Rejected(reason);
    }
}
