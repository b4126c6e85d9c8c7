package io.riberry.sdk.internal;

import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.InputFile;
import io.riberry.sdk.ExecutionContext;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/** The context of one dispatched execution. */
final class DispatchedContext implements ExecutionContext {

    private final ExecutionDispatched dispatch;

    DispatchedContext(final ExecutionDispatched dispatch) {
        this.dispatch = dispatch;
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
