package io.riberry.platform.processor;

import io.riberry.platform.store.InstanceKeys;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.internal.WorkerProcessState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The worker processes of the instance task's instances, from their heartbeats: when each was
 * last heard, whether it is closing, the forms it serves, and its host, pid and start (for the
 * API). Answers whether an instance has a process that takes work and which forms those serve,
 * and which processes have gone silent, by the rule that judges instances: against how far the
 * task has read its heartbeats ({@link HeardUpTo}), never against the wall clock.
 */
final class WorkerProcesses {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, WorkerProcessState> store;
    private final HeardUpTo heardUpTo;
    /** What each instance's live processes that are not closing serve, derived from the store and forgotten at each change. */
    private final Map<String, LiveProcesses> live = new HashMap<>();

    WorkerProcesses(final KeyValueStore<String, WorkerProcessState> store, final HeardUpTo heardUpTo) {
        this.store = store;
        this.heardUpTo = heardUpTo;
    }

    void heard(final Heartbeat heartbeat) {
        final String key = InstanceKeys.key(heartbeat.getInstance(), heartbeat.getProcessId());
        final WorkerProcessState known = store.get(key);
        if (known == null || heartbeat.getSentAt().isAfter(known.getLastHeartbeatAt())) {
            store.put(key, WorkerProcessState.newBuilder().setLastHeartbeatAt(heartbeat.getSentAt()).setStopping(heartbeat.getStopping())
                    .setForms(heartbeat.getForms()).setHost(heartbeat.getHost()).setPid(heartbeat.getPid())
                    .setStartedAt(heartbeat.getStartedAt()).build());
            live.remove(heartbeat.getInstance());
        }
    }

    /** Silence is a matter of time: whenever the task has read further, every instance's processes are judged afresh. */
    void forgetJudgements() {
        live.clear();
    }

    /**
     * Whether a live process of the instance is not closing: work handed to an instance whose
     * processes are all closing would wait READY for a process that never comes.
     */
    boolean takesWork(final String instance) {
        return live(instance).any();
    }

    /** The instance's live processes that are not closing, and the forms they serve: those that would receive a dispatch. */
    LiveProcesses live(final String instance) {
        return live.computeIfAbsent(instance, name -> {
            LiveProcesses found = LiveProcesses.NONE;
            try (KeyValueIterator<String, WorkerProcessState> known = store.prefixScan(InstanceKeys.prefix(name), KEYS)) {
                while (known.hasNext()) {
                    final WorkerProcessState process = known.next().value;
                    if (!process.getStopping() && !heardUpTo.isSilent(process.getLastHeartbeatAt())) {
                        found = found.with(process.getForms());
                    }
                }
            }
            return found;
        });
    }

    /** The instance's silent processes, with when each was last heard. */
    Map<String, Instant> silentSince(final String instance) {
        final Map<String, Instant> silent = new HashMap<>();
        try (KeyValueIterator<String, WorkerProcessState> known = store.prefixScan(InstanceKeys.prefix(instance), KEYS)) {
            known.forEachRemaining(process -> {
                if (heardUpTo.isSilent(process.value.getLastHeartbeatAt())) {
                    silent.put(InstanceKeys.idOf(process.key), process.value.getLastHeartbeatAt());
                }
            });
        }
        return silent;
    }

    boolean isKnown(final String instance, final String processId) {
        return store.get(InstanceKeys.key(instance, processId)) != null;
    }

    /** Forgets processes; if they come back, their heartbeats record them again. */
    void forget(final String instance, final Collection<String> processIds) {
        processIds.forEach(processId -> store.delete(InstanceKeys.key(instance, processId)));
        if (!processIds.isEmpty()) {
            live.remove(instance);
        }
    }
}
