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

    /** A stream's state; {@code expectedTotal} is the number of steps it declared, or null (an ACTIVE stream re-reported declares it). */
    void stream(String stream, String category, TaskState state, Integer expectedTotal);

    /** A step's state; {@code fallenBack} with FAILURE: its fallback was used. */
    void step(String stream, String stepId, String name, TaskState state, boolean fallenBack);

    void progress(String message, Integer percent);

    /** Stores the artifact's content and then its description; answers its id. */
    String artifact(Artifact artifact, InputStream content) throws IOException;
}
