package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.WorkflowEvent;
import java.util.Optional;

/** What a worker event is checked against before it may change an execution: is it live, and is the event its own. */
public record Liveness(ExecutionStatus status, int attempt, String instance) {

    public static Liveness of(final ExecutionState state) {
        return new Liveness(state.getStatus(), state.getAttempt(), state.getInstance());
    }

    /** Why {@code event} may not change the execution, if it may not. */
    public Optional<ChangeOutcome.Rejected> refuses(final WorkflowEvent event) {
        if (ExecutionRecords.isTerminal(status)) {
            return Optional.of(new ChangeOutcome.Rejected(Rejection.ALREADY_ENDED, "execution is already " + status));
        }
        if (!instance.equals(event.getInstance())) {
            return Optional.of(new ChangeOutcome.Rejected(Rejection.OTHER_INSTANCE,
                    "event from instance " + event.getInstance() + " but the execution belongs to " + instance));
        }
        if (event.getAttempt() != attempt) {
            return Optional.of(new ChangeOutcome.Rejected(Rejection.STALE_ATTEMPT,
                    "event of attempt " + event.getAttempt() + " but the current attempt is " + attempt));
        }
        return Optional.empty();
    }
}
