package io.riberry.platform.store;

/**
 * Keys of the artifact stores. Chunks are {@code artifactId NUL index} with the index zero-padded,
 * so an artifact's chunks are one range scan, in order.
 */
public final class ArtifactKeys {

    private static final char SEPARATOR = '\u0000';

    private ArtifactKeys() {
    }

    public static String chunk(final String artifactId, final int index) {
        return artifactId + SEPARATOR + String.format("%010d", index);
    }

    /** The upper bound of an artifact's chunk keys. */
    public static String lastChunk(final String artifactId) {
        return chunk(artifactId, Integer.MAX_VALUE);
    }

    /** Key of an execution's artifact in the execution-side store: {@code executionId NUL artifactId}. */
    public static String ofExecution(final String executionId, final String artifactId) {
        return executionPrefix(executionId) + artifactId;
    }

    public static String executionPrefix(final String executionId) {
        return executionId + SEPARATOR;
    }
}
