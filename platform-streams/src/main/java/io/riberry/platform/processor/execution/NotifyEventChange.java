package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.Notification;
import io.riberry.schema.NotificationType;
import io.riberry.schema.NotifyEvent;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;

/** A worker's notify event becomes a notification on the notifications topic; the execution itself does not change. */
public final class NotifyEventChange extends WorkerEventChange {

    private final NotifyEvent notify;
    private final ExecutionStores stores;

    public NotifyEventChange(final WorkflowEvent event, final NotifyEvent notify, final ExecutionStores stores) {
        super(event);
        this.notify = notify;
        this.stores = stores;
    }

    @Override
    protected ChangeOutcome applyToLiveExecution(final ExecutionRecord current) {
        final ExecutionState state = current.getState();
        final String job = "\"" + state.getJobName() + "\" (" + state.getForm() + ")";
        final Notification notification = switch (notify.getKind()) {
            case WORKFLOW_STARTED -> notification(NotificationType.INFO, "Execution of " + job + " started");
            case WORKFLOW_COMPLETE -> notify.getStatus() == ExecutionStatus.SUCCESS
                    ? notification(NotificationType.SUCCESS, "Execution of " + job + " completed successfully")
                    : notification(NotificationType.ERROR, "Execution of " + job + " failed");
            case CUSTOM -> notification(NotificationType.INFO, notify.getMessage() == null ? "" : notify.getMessage());
        };
        stores.notifications().accept(notification);
        return ChangeOutcome.unchanged();
    }

    private Notification notification(final NotificationType type, final String message) {
        return new Notification(event.getEventId(), event.getExecutionId(), type, message, event.getOccurredAt());
    }
}
