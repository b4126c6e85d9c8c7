package io.riberry.sdk;

/** What an artifact is for. */
public enum ArtifactType {
    /** A result of the workflow, for its users. */
    OUTPUT,
    /** A failure's details, such as a stack trace. */
    ERROR,
    /** A human-readable account of the run. */
    REPORT
}
