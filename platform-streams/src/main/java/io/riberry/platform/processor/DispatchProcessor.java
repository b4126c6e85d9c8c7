package io.riberry.platform.processor;

import io.riberry.platform.store.InFlightKeys;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.DispatchExecution;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.InstanceDispatchState;
import io.riberry.schema.internal.Release;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The dispatcher, keyed by instance: what an instance has in flight (READY or ACTIVE) and its
 * counts live in one task, so each decision reads one consistent state. It hands a RECEIVED
 * execution to its instance by sending READY to the execution processor, which emits the
 * hand-off; a finished execution releases its slot.
 *
 * <p>Every execution is admitted at once: the admission rules (instance online, {@code accept},
 * {@code limit}) and the queue they need are the next step of the dispatch design.
 */
public final class DispatchProcessor implements Processor<String, DispatchRequest, String, Object> {

    static final int FIRST_ATTEMPT = 1;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, InstanceDispatchState> instances;
    private KeyValueStore<String, Integer> inFlight;

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
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
        if (request.getRequest() instanceof Enqueue) {
            dispatch(instance, request.getExecutionId(), state, record.timestamp());
        } else if (request.getRequest() instanceof Release) {
            if (inFlight.delete(InFlightKeys.key(instance, request.getExecutionId())) != null) {
                state.setInFlight(Math.max(0, state.getInFlight() - 1));
            }
        }
        instances.put(instance, state);
    }

    /** Marks the execution in flight on its instance and sends READY to the execution processor. */
    private void dispatch(final String instance, final String executionId, final InstanceDispatchState state, final long timestamp) {
        inFlight.put(InFlightKeys.key(instance, executionId), FIRST_ATTEMPT);
        state.setInFlight(state.getInFlight() + 1);
        final ExecutionTransition ready = ExecutionTransition.newBuilder()
                .setExecutionId(executionId).setAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setChange(new DispatchExecution(FIRST_ATTEMPT))
                .build();
        context.forward(new Record<>(executionId, (Object) ready, timestamp), ProcessorNames.TRANSITIONS_SINK);
    }

    private InstanceDispatchState stateOf(final String instance) {
        final InstanceDispatchState stored = instances.get(instance);
        return stored != null ? stored : new InstanceDispatchState(instance, 0);
    }
}
