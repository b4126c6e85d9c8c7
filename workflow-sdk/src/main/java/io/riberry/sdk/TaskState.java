package io.riberry.sdk;

/** The state of a stream or a step, as the platform shows it. */
public enum TaskState {
    /** Submitted, waiting for a thread (chains). */
    QUEUED,
    /** Running. */
    ACTIVE,
    /** Done. */
    SUCCESS,
    /** Failed (a step that fell back is FAILURE too: its error artifact says why). */
    FAILURE
}
