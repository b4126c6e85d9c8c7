package io.riberry.platform.processor;

import io.riberry.platform.store.InFlightKeys;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.FailExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Instance liveness, keyed by instance: a heartbeat makes an instance ONLINE; an instance whose
 * latest heartbeat is older than {@code offlineAfter} becomes OFFLINE. Judged by wall-clock time
 * in a punctuator, so an instance that went silent is noticed though no record arrives. Every
 * status change is published to the instances topic. Going OFFLINE fails the executions the
 * instance had READY or ACTIVE: it shares the dispatcher's in-flight store, in the same task.
 */
public final class InstanceMonitor implements Processor<String, Heartbeat, String, Object> {

    /** The error type of executions failed because their instance went offline. */
    public static final String INSTANCE_OFFLINE = "InstanceOffline";
    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration offlineAfter;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, InstanceState> instances;
    private KeyValueStore<String, Integer> inFlight;

    public InstanceMonitor(final Duration offlineAfter) {
        this.offlineAfter = offlineAfter;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.instances = context.getStateStore(StoreNames.INSTANCE_STATUS);
        this.inFlight = context.getStateStore(StoreNames.IN_FLIGHT);
        // Check a few times per timeout, so an instance is OFFLINE at most a quarter late.
        final Duration every = Duration.ofMillis(Math.max(100, offlineAfter.toMillis() / 4));
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::markSilentInstancesOffline);
    }

    @Override
    public void process(final Record<String, Heartbeat> record) {
        final Heartbeat heartbeat = record.value();
        if (heartbeat == null) {
            return;
        }
        final InstanceState stored = instances.get(heartbeat.getInstance());
        final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        final InstanceState state = stored != null ? stored : InstanceState.newBuilder()
                .setInstance(heartbeat.getInstance()).setApplication(heartbeat.getApplication())
                .setStatus(InstanceStatus.CREATED).setChangedAt(now).build();
        if (state.getLastHeartbeatAt() == null || heartbeat.getSentAt().isAfter(state.getLastHeartbeatAt())) {
            state.setLastHeartbeatAt(heartbeat.getSentAt());
        }
        if (state.getStatus() != InstanceStatus.ONLINE && !isSilent(state, now)) {
            change(state, InstanceStatus.ONLINE, now);
        } else {
            instances.put(state.getInstance(), state);
        }
    }

    private void markSilentInstancesOffline(final long wallClockMillis) {
        final Instant now = Instant.ofEpochMilli(wallClockMillis);
        final List<InstanceState> silent = new ArrayList<>();
        try (KeyValueIterator<String, InstanceState> all = instances.all()) {
            while (all.hasNext()) {
                final KeyValue<String, InstanceState> next = all.next();
                if (next.value.getStatus() == InstanceStatus.ONLINE && isSilent(next.value, now)) {
                    silent.add(next.value);
                }
            }
        }
        silent.forEach(state -> {
            change(state, InstanceStatus.OFFLINE, now);
            failInFlight(state, now);
        });
    }

    /** The instance's READY and ACTIVE executions end FAILURE: nothing will report on them any more. */
    private void failInFlight(final InstanceState state, final Instant now) {
        final ExecutionError error = new ExecutionError(INSTANCE_OFFLINE, "instance " + state.getInstance()
                + " went offline: no heartbeat since " + state.getLastHeartbeatAt(), null);
        try (KeyValueIterator<String, Integer> executions = inFlight.prefixScan(InFlightKeys.prefix(state.getInstance()), KEYS)) {
            while (executions.hasNext()) {
                final String executionId = InFlightKeys.executionIdOf(executions.next().key);
                final ExecutionTransition fail = ExecutionTransition.newBuilder().setExecutionId(executionId).setAt(now)
                        .setChange(new FailExecution(error)).build();
                context.forward(new Record<>(executionId, (Object) fail, now.toEpochMilli()), ProcessorNames.TRANSITIONS_SINK);
            }
        }
    }

    private boolean isSilent(final InstanceState state, final Instant now) {
        return state.getLastHeartbeatAt() == null || state.getLastHeartbeatAt().plus(offlineAfter).isBefore(now);
    }

    private void change(final InstanceState state, final InstanceStatus status, final Instant now) {
        state.setStatus(status);
        state.setChangedAt(now);
        instances.put(state.getInstance(), state);
        context.forward(new Record<>(state.getInstance(), (Object) state, now.toEpochMilli()), ProcessorNames.INSTANCES_SINK);
    }
}
