package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.NotifyKind;
import io.riberry.sdk.Artifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a dispatched execution in this process: what its entry point and tasks report
 * through, and whether it has ended, so that it is reported ended exactly once and tasks after
 * the end do not run.
 */
final class ExecutionRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);

    final ExecutionDispatched dispatch;
    final EventPublisher events;
    final ArtifactUploader artifacts;
    final ExecutorService tasks;
    private final AtomicBoolean ended = new AtomicBoolean();

    ExecutionRun(final ExecutionDispatched dispatch, final EventPublisher events, final ArtifactUploader artifacts,
                 final ExecutorService tasks) {
        this.dispatch = dispatch;
        this.events = events;
        this.artifacts = artifacts;
        this.tasks = tasks;
    }

    boolean ended() {
        return ended.get();
    }

    /** The platform already ended it (a cancel): stop its tasks, report nothing more. */
    void cancelled() {
        ended.set(true);
    }

    /** ACTIVE, and the workflow_started notification. */
    void start() {
        events.started(dispatch);
        events.notify(dispatch, NotifyKind.WORKFLOW_STARTED, null);
    }

    void endWithSuccess() {
        if (ended.compareAndSet(false, true)) {
            events.notify(dispatch, NotifyKind.WORKFLOW_COMPLETE, ExecutionStatus.SUCCESS);
            events.succeeded(dispatch);
        }
    }

    void endWithFailure(final Exception failure) {
        if (ended.compareAndSet(false, true)) {
            events.notify(dispatch, NotifyKind.WORKFLOW_COMPLETE, ExecutionStatus.FAILURE);
            events.failed(dispatch, failure);
        }
    }

    /** Riberry's error artifact: name {@code Exception <task>}, the stack trace as content, type and message as data. */
    void errorArtifact(final String task, final String filename, final Exception failure, final String category) {
        final Artifact artifact = Artifact.error("Exception " + task, filename).withCategory(category)
                .withData(Map.of("Error Type", failure.getClass().getName(), "Error Message", String.valueOf(failure.getMessage())));
        try {
            artifacts.upload(dispatch, artifact, new ByteArrayInputStream(StackTraces.of(failure).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not store the error artifact of {} in execution {}", task, dispatch.getExecutionId(), e);
        }
    }
}
