package io.riberry.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The context of one run, over whatever its reporter reports to. */
final class RunContext implements ExecutionContext {

    private final ExecutionRun run;
    private final Job job;

    RunContext(final ExecutionRun run) {
        this.run = run;
        this.job = run.job;
    }

    @Override
    public String artifact(final Artifact artifact, final byte[] content) {
        try {
            return run.reporter.artifact(artifact, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String artifact(final Artifact artifact, final InputStream content) throws IOException {
        return run.reporter.artifact(artifact, content);
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
        run.reporter.progress(message, null);
    }

    @Override
    public void progress(final String message, final int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0-100, not " + percent);
        }
        run.reporter.progress(message, percent);
    }

    @Override
    public String executionId() {
        return job.executionId();
    }

    @Override
    public String jobId() {
        return job.jobId();
    }

    @Override
    public String jobName() {
        return job.jobName();
    }

    @Override
    public String form() {
        return job.form();
    }

    @Override
    public int attempt() {
        return job.attempt();
    }

    @Override
    public Map<String, Object> inputs() {
        return job.inputs();
    }

    @Override
    public Optional<InputFile> inputFile(final String name) {
        return job.files().stream().filter(file -> file.name().equals(name)).findFirst();
    }

    @Override
    public Optional<String> parameter(final String name) {
        return run.parameter(name);
    }
}
