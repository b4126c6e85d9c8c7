package io.riberry.platform.processor.execution;

import io.riberry.schema.internal.ExecutionRecord;

/**
 * One change to one execution: a platform transition or a worker event. Each kind is its own
 * class that knows when it is legal; the processor only dispatches and persists.
 */
public interface ExecutionChange {

    /** Identifies this change, so a replay of it is applied once. */
    String changeId();

    /** Short name shown in anomalies, e.g. {@code ExecutionStarted}. */
    String kind();

    /**
     * The execution after this change, or a rejection. {@code current} is null when the
     * execution does not exist yet.
     */
    ChangeOutcome apply(ExecutionRecord current);
}
