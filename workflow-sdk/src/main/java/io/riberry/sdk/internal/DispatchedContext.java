package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.InputFile;
import io.riberry.sdk.Artifact;
import io.riberry.sdk.ExecutionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.riberry.sdk.StreamScope;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/** The context of one dispatched execution. */
final class DispatchedContext implements ExecutionContext {

    private final ExecutionRun run;
    private final ExecutionDispatched dispatch;

    DispatchedContext(final ExecutionRun run) {
        this.run = run;
        this.dispatch = run.dispatch;
    }

    @Override
    public String artifact(final Artifact artifact, final byte[] content) {
        try {
            return run.artifacts.upload(dispatch, artifact, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String artifact(final Artifact artifact, final InputStream content) throws IOException {
        return run.artifacts.upload(dispatch, artifact, content);
    }

    @Override
    public boolean isEnded() {
        return run.ended();
    }

    @Override
    public StreamScope stream(final String name, final String category) {
        return new TrackedStream(run, name, category);
    }

    @Override
    public void progress(final String message) {
        run.events.progress(dispatch, message, null);
    }

    @Override
    public void progress(final String message, final int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0-100, not " + percent);
        }
        run.events.progress(dispatch, message, percent);
    }

    @Override
    public String executionId() {
        return dispatch.getExecutionId();
    }

    @Override
    public String jobId() {
        return dispatch.getJobId();
    }

    @Override
    public String jobName() {
        return dispatch.getJobName();
    }

    @Override
    public String form() {
        return dispatch.getForm();
    }

    @Override
    public int attempt() {
        return dispatch.getAttempt();
    }

    @Override
    public Map<String, Object> inputs() {
        return Collections.unmodifiableMap(dispatch.getInputs());
    }

    @Override
    public Optional<InputFileContent> inputFile(final String name) {
        for (InputFile file : dispatch.getFiles()) {
            if (file.getName().equals(name)) {
                final ByteBuffer content = file.getContent().duplicate();
                final byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                return Optional.of(new InputFileContent(file.getName(), file.getFilename(), bytes));
            }
        }
        return Optional.empty();
    }
}
