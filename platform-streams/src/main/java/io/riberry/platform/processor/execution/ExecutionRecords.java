package io.riberry.platform.processor.execution;

import io.riberry.schema.Anomaly;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the changes: copy-on-write updates of an execution record. */
public final class ExecutionRecords {

    /** Recent event ids kept per execution; a replay older than this is caught by the state rules instead. */
    static final int RECENT_EVENT_IDS = 64;
    /** Anomalies listed per execution; {@code anomalyCount} keeps counting past it. */
    static final int LISTED_ANOMALIES = 20;

    private ExecutionRecords() {
    }

    public static boolean isTerminal(final ExecutionStatus status) {
        return status == ExecutionStatus.SUCCESS || status == ExecutionStatus.FAILURE;
    }

    /**
     * A copy of {@code current} with {@code state} as its new state, counted as one more change.
     * {@code changeId} is remembered to refuse a replay; null for changes that are idempotent anyway.
     */
    static ExecutionRecord withState(final ExecutionRecord current, final ExecutionState state, final String changeId, final Instant at) {
        state.setVersion(current.getState().getVersion() + 1);
        state.setUpdatedAt(at);
        // Inputs and files are never changed after creation: share them rather than deep-copy per event.
        if (changeId == null) {
            return new ExecutionRecord(state, current.getInputs(), current.getFiles(), current.getRecentEventIds(), current.getReportedPercent());
        }
        final List<String> recent = new ArrayList<>(current.getRecentEventIds());
        recent.add(changeId);
        if (recent.size() > RECENT_EVENT_IDS) {
            recent.subList(0, recent.size() - RECENT_EVENT_IDS).clear();
        }
        return new ExecutionRecord(state, current.getInputs(), current.getFiles(), recent, current.getReportedPercent());
    }

    static ExecutionState copyState(final ExecutionRecord current) {
        return ExecutionState.newBuilder(current.getState()).build();
    }

    /** A copy of {@code current} that lists the rejected change. The state itself is untouched. */
    public static ExecutionRecord withAnomaly(final ExecutionRecord current, final ExecutionChange change, final String reason, final Instant at) {
        final ExecutionState state = copyState(current);
        final List<Anomaly> anomalies = new ArrayList<>(state.getAnomalies());
        anomalies.add(Anomaly.newBuilder().setAt(at).setEventId(change.changeId()).setEvent(change.kind()).setReason(reason).build());
        if (anomalies.size() > LISTED_ANOMALIES) {
            anomalies.subList(0, anomalies.size() - LISTED_ANOMALIES).clear();
        }
        state.setAnomalies(anomalies);
        state.setAnomalyCount(state.getAnomalyCount() + 1);
        state.setVersion(state.getVersion() + 1);
        state.setUpdatedAt(at);
        return new ExecutionRecord(state, current.getInputs(), current.getFiles(), current.getRecentEventIds(), current.getReportedPercent());
    }
}
