package io.riberry.platform.processor.execution;

import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.NotifyEvent;
import io.riberry.schema.ProgressReported;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.FailExecution;
import io.riberry.schema.internal.CreateExecution;
import io.riberry.schema.internal.DispatchExecution;

/** Turns records from the platform's inputs into {@link ExecutionChange}s. */
public final class ExecutionChanges {

    /** The error type of a cancelled execution. */
    public static final String CANCELLED = "Cancelled";

    private ExecutionChanges() {
    }

    public static ExecutionChange fromWorkerEvent(final WorkflowEvent event, final ExecutionStores stores) {
        final Object payload = event.getPayload();
        if (payload instanceof ExecutionStarted) {
            return new ExecutionStartedChange(event);
        }
        if (payload instanceof ExecutionCompleted completed) {
            return new ExecutionCompletedChange(event, completed);
        }
        if (payload instanceof StepEvent step) {
            return new StepEventChange(event, step, stores);
        }
        if (payload instanceof StreamEvent stream) {
            return new StreamEventChange(event, stream, stores);
        }
        if (payload instanceof ArtifactCreated artifact) {
            return new ArtifactCreatedChange(event, artifact, stores);
        }
        if (payload instanceof NotifyEvent notify) {
            return new NotifyEventChange(event, notify, stores);
        }
        if (payload instanceof ProgressReported progress) {
            return new ProgressReportedChange(event, progress);
        }
        return new UnsupportedEventChange(event);
    }

    /** A user's command: a cancel ends a live execution FAILURE, saying who cancelled it and why. */
    public static ExecutionChange fromCommand(final ExecutionCommand command) {
        if (command.getType() == ExecutionCommandType.CANCEL) {
            final String message = "Workflow cancelled by " + command.getRequestedBy()
                    + (command.getReason() == null || command.getReason().isBlank() ? "" : ": " + command.getReason());
            return new FailExecutionChange(command.getExecutionId(), "cancel:" + command.getCommandId(),
                    new ExecutionError(CANCELLED, message, null), command.getRequestedAt());
        }
        throw new IllegalArgumentException("Execution command " + command.getType() + " is not handled by the execution processor");
    }

    public static ExecutionChange fromTransition(final ExecutionTransition transition) {
        final Object change = transition.getChange();
        final String executionId = transition.getExecutionId();
        if (change instanceof CreateExecution create) {
            return new CreateExecutionChange(
                    executionId, create.getJob(), create.getApplication(), create.getInstance(), transition.getAt());
        }
        if (change instanceof DispatchExecution dispatch) {
            return new DispatchExecutionChange(executionId, dispatch.getAttempt(), transition.getAt());
        }
        if (change instanceof FailExecution fail) {
            return new FailExecutionChange(
                    executionId, "fail:" + executionId + ":" + transition.getAt().toEpochMilli(), fail.getError(), transition.getAt());
        }
        throw new IllegalArgumentException("Unknown execution transition " + change.getClass().getName());
    }
}
