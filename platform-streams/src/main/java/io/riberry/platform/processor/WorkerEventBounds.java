package io.riberry.platform.processor;

import io.riberry.platform.errors.RecordRejectedException;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.NotifyEvent;
import io.riberry.schema.ProgressReported;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.WorkflowEvent;
import io.riberry.topics.RecordLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts what a worker reports down to what the platform keeps. Every text of an event ends up in
 * an execution's records (its snapshot, its streams and steps, its artifacts' metadata), which
 * must fit their topics whatever a worker sends: names to {@link RecordLimits#MAX_NAME_CHARS},
 * messages to {@link RecordLimits#MAX_MESSAGE_CHARS}, stack traces to
 * {@link RecordLimits#MAX_STACK_TRACE_CHARS}. Ids that cannot be keys refuse the event.
 */
final class WorkerEventBounds {

    /** An artifact's title/description pairs: a few, each short. */
    private static final int MAX_DATA_ENTRIES = 32;

    private WorkerEventBounds() {
    }

    static WorkflowEvent bound(final WorkflowEvent event) {
        requireId("eventId", event.getEventId());
        requireId("executionId", event.getExecutionId());
        event.setInstance(name(event.getInstance()));
        final Object payload = event.getPayload();
        if (payload instanceof ExecutionCompleted completed) {
            completed.setError(bound(completed.getError()));
        } else if (payload instanceof StreamEvent stream) {
            stream.setStream(name(stream.getStream()));
        } else if (payload instanceof StepEvent step) {
            step.setStream(name(step.getStream()));
            step.setStep(name(step.getStep()));
            step.setName(name(step.getName()));
        } else if (payload instanceof ArtifactCreated artifact) {
            requireId("artifactId", artifact.getArtifactId());
            artifact.setName(name(artifact.getName()));
            artifact.setFilename(name(artifact.getFilename()));
            artifact.setStream(name(artifact.getStream()));
            artifact.setData(bound(artifact.getData()));
        } else if (payload instanceof ProgressReported progress) {
            progress.setMessage(message(progress.getMessage()));
        } else if (payload instanceof NotifyEvent notify) {
            notify.setMessage(message(notify.getMessage()));
        }
        return event;
    }

    private static ExecutionError bound(final ExecutionError error) {
        if (error == null) {
            return null;
        }
        error.setType(name(error.getType()));
        error.setMessage(message(error.getMessage()));
        error.setStackTrace(RecordLimits.truncate(error.getStackTrace(), RecordLimits.MAX_STACK_TRACE_CHARS));
        return error;
    }

    private static Map<String, String> bound(final Map<String, String> data) {
        if (data == null) {
            return null;
        }
        final Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : data.entrySet()) {
            if (kept.size() == MAX_DATA_ENTRIES) {
                break;
            }
            kept.put(name(entry.getKey()), message(entry.getValue()));
        }
        return kept;
    }

    private static void requireId(final String field, final String id) {
        if (id != null && id.length() > RecordLimits.MAX_ID_CHARS) {
            throw new RecordRejectedException(field + " is " + id.length() + " characters; the limit is " + RecordLimits.MAX_ID_CHARS);
        }
    }

    private static String name(final String text) {
        return RecordLimits.truncate(text, RecordLimits.MAX_NAME_CHARS);
    }

    private static String message(final String text) {
        return RecordLimits.truncate(text, RecordLimits.MAX_MESSAGE_CHARS);
    }
}
