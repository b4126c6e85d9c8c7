package io.riberry.platform.processor;

import io.riberry.platform.store.InstanceKeys;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.InstanceState;
import io.riberry.schema.internal.InFlightExecution;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Executions nothing will report on any more, found by the instance task and ended FAILURE with
 * an error saying why: those of an instance gone OFFLINE, and those of a worker process gone
 * silent while others keep the instance ONLINE.
 */
final class LostExecutions {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, InFlightExecution> inFlight;
    private final WorkerProcesses processes;
    private final HeardUpTo heardUpTo;

    LostExecutions(final ProcessorContext<String, Object> context, final KeyValueStore<String, InFlightExecution> inFlight,
                   final WorkerProcesses processes, final HeardUpTo heardUpTo) {
        this.context = context;
        this.inFlight = inFlight;
        this.processes = processes;
        this.heardUpTo = heardUpTo;
    }

    /** The instance's READY and ACTIVE executions end FAILURE, each with an error artifact saying why. */
    void ofOfflineInstance(final InstanceState state, final Instant now) {
        final ExecutionError error = new ExecutionError(InstanceProcessor.INSTANCE_OFFLINE, "instance " + state.getInstance()
                + " went offline: no heartbeat since " + state.getLastHeartbeatAt(), null);
        try (KeyValueIterator<String, InFlightExecution> executions = inFlight.prefixScan(InstanceKeys.prefix(state.getInstance()), KEYS)) {
            while (executions.hasNext()) {
                fail(InstanceKeys.idOf(executions.next().key), error, now);
            }
        }
    }

    /**
     * Riberry's stale-execution tracking, per process: an ACTIVE execution whose worker process
     * has gone silent (no heartbeat for {@code offlineAfter}; or none at all since it became
     * ACTIVE), by the rule that judges instances, ends FAILURE, though other processes keep the
     * instance ONLINE. A silent process is then forgotten; if it comes back, its heartbeats record it again.
     */
    void ofSilentProcesses(final InstanceState state, final Instant now) {
        final Map<String, Instant> silentSince = processes.silentSince(state.getInstance());
        final Map<String, InFlightExecution> lost = new LinkedHashMap<>();
        try (KeyValueIterator<String, InFlightExecution> executions = inFlight.prefixScan(InstanceKeys.prefix(state.getInstance()), KEYS)) {
            executions.forEachRemaining(entry -> {
                final InFlightExecution execution = entry.value;
                if (!execution.getActive() || execution.getProcessId() == null) {
                    return;
                }
                final boolean neverSeen = !processes.isKnown(state.getInstance(), execution.getProcessId())
                        && execution.getActiveSince() != null && heardUpTo.isSilent(execution.getActiveSince());
                if (silentSince.containsKey(execution.getProcessId()) || neverSeen) {
                    lost.put(entry.key, execution);
                }
            });
        }
        lost.forEach((key, execution) -> {
            final Instant last = silentSince.get(execution.getProcessId());
            fail(InstanceKeys.idOf(key), new ExecutionError(InstanceProcessor.WORKER_LOST, "worker process " + execution.getProcessId()
                    + " of instance " + state.getInstance()
                    + (last == null ? " never sent a heartbeat" : " stopped sending heartbeats after " + last), null), now);
            // Failed once: until its release arrives, it belongs to no process that could be judged again.
            inFlight.put(key, InFlightExecution.newBuilder(execution).setProcessId(null).build());
        });
        processes.forget(state.getInstance(), silentSince.keySet());
    }

    private void fail(final String executionId, final ExecutionError error, final Instant now) {
        PlatformFailures.fail(context, executionId, error, now);
    }
}
