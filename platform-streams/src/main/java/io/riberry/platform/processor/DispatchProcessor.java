package io.riberry.platform.processor;

import io.riberry.platform.store.DispatchQueueKeys;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.DispatchExecution;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.InstanceDispatchState;
import io.riberry.schema.internal.Release;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The dispatcher, keyed by instance: an instance's queue of RECEIVED executions, the executions
 * it has in flight (READY or ACTIVE) and their counts live in one task, so each decision reads one
 * consistent state. It takes executions from the queue in Riberry's poll order (priority, age,
 * id) and sends the READY transition to the execution processor, which emits the hand-off.
 */
public final class DispatchProcessor implements Processor<String, DispatchRequest, String, Object> {

    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();
    static final int FIRST_ATTEMPT = 1;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, String> queue;
    private KeyValueStore<String, InstanceDispatchState> instances;
    private KeyValueStore<String, Integer> inFlight;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.queue = context.getStateStore(StoreNames.DISPATCH_QUEUE);
        this.instances = context.getStateStore(StoreNames.INSTANCE_DISPATCH);
        this.inFlight = context.getStateStore(StoreNames.IN_FLIGHT);
    }

    @Override
    public void process(final Record<String, DispatchRequest> record) {
        final DispatchRequest request = record.value();
        if (request == null) {
            return;
        }
        final String instance = request.getInstance();
        final InstanceDispatchState state = stateOf(instance);
        if (request.getRequest() instanceof Enqueue enqueue) {
            queue.put(DispatchQueueKeys.key(instance, enqueue.getPriority(), enqueue.getCreatedAt(), request.getExecutionId()),
                    request.getExecutionId());
            state.setQueued(state.getQueued() + 1);
        } else if (request.getRequest() instanceof Release) {
            final String key = DispatchQueueKeys.inFlightKey(instance, request.getExecutionId());
            if (inFlight.delete(key) != null) {
                state.setInFlight(Math.max(0, state.getInFlight() - 1));
            }
        }
        drain(instance, state, record.timestamp());
        instances.put(instance, state);
    }

    /** Hands out queued executions in poll order. */
    private void drain(final String instance, final InstanceDispatchState state, final long timestamp) {
        if (state.getQueued() == 0) {
            return;
        }
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try (KeyValueIterator<String, String> waiting = queue.prefixScan(DispatchQueueKeys.prefix(instance), KEY_SERIALIZER)) {
            while (waiting.hasNext()) {
                final KeyValue<String, String> next = waiting.next();
                queue.delete(next.key);
                state.setQueued(Math.max(0, state.getQueued() - 1));
                inFlight.put(DispatchQueueKeys.inFlightKey(instance, next.value), FIRST_ATTEMPT);
                state.setInFlight(state.getInFlight() + 1);
                final ExecutionTransition ready = ExecutionTransition.newBuilder()
                        .setExecutionId(next.value).setAt(now)
                        .setChange(new DispatchExecution(FIRST_ATTEMPT))
                        .build();
                context.forward(new Record<>(next.value, (Object) ready, timestamp), ProcessorNames.TRANSITIONS_SINK);
            }
        }
    }

    private InstanceDispatchState stateOf(final String instance) {
        final InstanceDispatchState stored = instances.get(instance);
        return stored != null ? stored : new InstanceDispatchState(instance, 0, 0);
    }
}
