package io.riberry.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** What an entry point knows about the execution it runs. */
public interface ExecutionContext {

    String executionId();

    String jobId();

    String jobName();

    String form();

    /** The dispatch attempt this run belongs to. */
    int attempt();

    /** Input values by name: String, Long, Double, Boolean or a List of String. */
    Map<String, Object> inputs();

    /** One input as text, if present. */
    default Optional<String> input(final String name) {
        return Optional.ofNullable(inputs().get(name)).map(Object::toString);
    }

    /** An input file's content, if present. */
    Optional<InputFileContent> inputFile(String name);

    /**
     * Whether the execution has ended while the entry point still runs: a task failed fatally, or a
     * user cancelled it. Its tracked tasks no longer run; a long entry point should return.
     */
    boolean isEnded();

    /** Opens a stream of category {@code Overall}. */
    default StreamScope stream(final String name) {
        return stream(name, "Overall");
    }

    /** Opens a stream: a group of task chains whose progress is tracked. Close it when its work is done. */
    StreamScope stream(String name, String category);

    /** Stores {@code content} as an artifact of this execution; answers its id. */
    String artifact(Artifact artifact, byte[] content);

    /**
     * Stores everything {@code content} yields as an artifact of this execution, in chunks, so its
     * size is limited only by the platform's disk; answers its id. The stream is read, not closed.
     */
    String artifact(Artifact artifact, InputStream content) throws IOException;

    /** Reports a progress message; the latest one is shown with the execution. */
    void progress(String message);

    /** Reports a progress message with a percentage (0-100). */
    void progress(String message, int percent);

    /** An input file given to the job. */
    record InputFileContent(String name, String filename, byte[] content) {
    }
}
