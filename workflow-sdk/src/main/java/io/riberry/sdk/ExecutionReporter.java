package io.riberry.sdk;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where one run reports what happens: to Kafka in a worker, to memory in a {@link WorkflowTester}.
 * The same run, stream and task code sits above both, so a test exercises what production runs.
 */
interface ExecutionReporter {

    /** The entry point began: the execution turns ACTIVE. */
    void started();

    void succeeded();

    void failed(Throwable failure);

    void stream(String stream, String category, TaskState state);

    void step(String stream, String stepId, String name, TaskState state);

    void progress(String message, Integer percent);

    /** Stores the artifact's content and then its description; answers its id. */
    String artifact(Artifact artifact, InputStream content) throws IOException;
}
