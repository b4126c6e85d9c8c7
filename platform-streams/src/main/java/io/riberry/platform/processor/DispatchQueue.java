package io.riberry.platform.processor;

import io.riberry.platform.store.DispatchQueueKeys;
import io.riberry.platform.store.InstanceKeys;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.InstanceState;
import io.riberry.schema.internal.DispatchExecution;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.InFlightExecution;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance task's queues of RECEIVED executions (see {@link DispatchQueueKeys}) and the
 * hand-over: an execution dispatched is in flight, READY, and counted against the instance's
 * room; one whose form no live process serves ends FAILURE instead and takes no place. How much
 * room there is, the {@link InstanceProcessor} decides.
 */
final class DispatchQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchQueue.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final ProcessorContext<String, Object> context;
    private final KeyValueStore<String, String> queue;
    private final KeyValueStore<String, InFlightExecution> inFlight;
    private final WorkerProcesses processes;

    DispatchQueue(final ProcessorContext<String, Object> context, final KeyValueStore<String, String> queue,
                  final KeyValueStore<String, InFlightExecution> inFlight, final WorkerProcesses processes) {
        this.context = context;
        this.queue = queue;
        this.inFlight = inFlight;
        this.processes = processes;
    }

    /** The execution waits its turn, in dispatch order, with its form. */
    void add(final InstanceState state, final String executionId, final Enqueue enqueue) {
        queue.put(DispatchQueueKeys.key(state.getInstance(), enqueue.getPriority(), enqueue.getCreatedAt(), executionId), enqueue.getForm());
        state.setQueuedCount(state.getQueuedCount() + 1);
    }

    /**
     * Riberry's poll: while there is room, hand the instance the next queued executions in
     * order. One that no live process serves leaves the queue without taking a place, so the scan
     * goes on past it.
     */
    void dispatchWhatFits(final InstanceState state, final int roomNow, final Instant now) {
        int room = roomNow;
        if (state.getQueuedCount() == 0 || room <= 0) {
            return;
        }
        int taken = 0;
        boolean reachedTheEnd = false;
        while (room > 0 && !reachedTheEnd) {
            // Read first, then change: the queue is not written while its iterator is open.
            final Map<String, String> next = new LinkedHashMap<>();
            try (KeyValueIterator<String, String> queued = queue.prefixScan(DispatchQueueKeys.prefix(state.getInstance()), KEYS)) {
                while (queued.hasNext() && next.size() < room) {
                    final KeyValue<String, String> entry = queued.next();
                    next.put(entry.key, entry.value);
                }
            }
            reachedTheEnd = next.size() < room;
            for (Map.Entry<String, String> entry : next.entrySet()) {
                queue.delete(entry.getKey());
                taken++;
                final String form = DispatchQueueKeys.formOf(entry.getKey(), entry.getValue());
                if (handOver(state, DispatchQueueKeys.executionIdOf(entry.getKey()), form, now)) {
                    room--;
                }
            }
        }
        // The count follows the queue itself, so a drifted count heals at the next scan that reaches the end.
        state.setQueuedCount(reachedTheEnd ? 0 : Math.max(0, state.getQueuedCount() - taken));
    }

    /**
     * Dispatches the execution, unless the instance's live processes all listed their forms and
     * none listed its form: a dispatch would only reach a process without an entry point for it,
     * so it ends FAILURE here, with an error that says which forms they do serve. Answers whether
     * it was dispatched (took a place).
     */
    boolean handOver(final InstanceState state, final String executionId, final String form, final Instant now) {
        final LiveProcesses live = processes.live(state.getInstance());
        if (live.refuse(form)) {
            LOG.info("Execution {} is not dispatched: no live process of instance {} serves form {}", executionId, state.getInstance(), form);
            PlatformFailures.fail(context, executionId, new ExecutionError(InstanceProcessor.FORM_NOT_SERVED, "no live process of instance "
                    + state.getInstance() + " serves form " + form + "; its live processes serve " + String.join(", ", live.forms()), null), now);
            return false;
        }
        dispatch(state, executionId, now);
        return true;
    }

    /** Marks the execution in flight and sends READY to the execution processor. */
    private void dispatch(final InstanceState state, final String executionId, final Instant now) {
        inFlight.put(InstanceKeys.key(state.getInstance(), executionId),
                InFlightExecution.newBuilder().setAttempt(InstanceProcessor.FIRST_ATTEMPT).build());
        state.setReadyCount(state.getReadyCount() + 1);
        final ExecutionTransition ready = ExecutionTransition.newBuilder()
                .setExecutionId(executionId).setAt(now)
                .setChange(new DispatchExecution(InstanceProcessor.FIRST_ATTEMPT))
                .build();
        context.forward(new Record<>(executionId, (Object) ready, now.toEpochMilli()), ProcessorNames.TRANSITIONS_SINK);
    }

    /**
     * A queued execution ended before its dispatch (a cancel): it leaves the queue. Rare, so a
     * scan; an execution failed as not served was taken out already, and is not found.
     */
    void drop(final InstanceState state, final String executionId) {
        String found = null;
        try (KeyValueIterator<String, String> queued = queue.prefixScan(DispatchQueueKeys.prefix(state.getInstance()), KEYS)) {
            while (queued.hasNext() && found == null) {
                final String key = queued.next().key;
                if (DispatchQueueKeys.executionIdOf(key).equals(executionId)) {
                    found = key;
                }
            }
        }
        if (found != null) {
            queue.delete(found);
            state.setQueuedCount(Math.max(0, state.getQueuedCount() - 1));
        }
    }
}
