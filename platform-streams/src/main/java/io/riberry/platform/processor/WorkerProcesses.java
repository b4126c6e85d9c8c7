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
 * last heard and whether it is closing. Answers whether an instance has a process that takes
 * work, and which processes have gone silent, by the rule that judges instances: against how far
 * the task has read its heartbeats ({@link HeardUpTo}), never against the wall clock.
 */
final class WorkerProcesses {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, WorkerProcessState> store;
    private final HeardUpTo heardUpTo;
    /** Whether an instance has a live process that is not closing, derived from the store and forgotten at each change. */
    private final Map<String, Boolean> takingWork = new HashMap<>();

    WorkerProcesses(final KeyValueStore<String, WorkerProcessState> store, final HeardUpTo heardUpTo) {
        this.store = store;
        this.heardUpTo = heardUpTo;
    }

    void heard(final Heartbeat heartbeat) {
        final String key = InstanceKeys.key(heartbeat.getInstance(), heartbeat.getProcessId());
        final WorkerProcessState known = store.get(key);
        if (known == null || heartbeat.getSentAt().isAfter(known.getLastHeartbeatAt())) {
            store.put(key, new WorkerProcessState(heartbeat.getSentAt(), heartbeat.getStopping()));
            takingWork.remove(heartbeat.getInstance());
        }
    }

    /** Silence is a matter of time: whenever the task has read further, every instance's processes are judged afresh. */
    void forgetJudgements() {
        takingWork.clear();
    }

    /**
     * Whether a live process of the instance is not closing: work handed to an instance whose
     * processes are all closing would wait READY for a process that never comes.
     */
    boolean takesWork(final String instance) {
        return takingWork.computeIfAbsent(instance, name -> {
            try (KeyValueIterator<String, WorkerProcessState> known = store.prefixScan(InstanceKeys.prefix(name), KEYS)) {
                while (known.hasNext()) {
                    final WorkerProcessState process = known.next().value;
                    if (!process.getStopping() && !heardUpTo.isSilent(process.getLastHeartbeatAt())) {
                        return true;
                    }
                }
            }
            return false;
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
            takingWork.remove(instance);
        }
    }
}
