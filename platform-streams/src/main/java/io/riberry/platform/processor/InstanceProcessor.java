package io.riberry.platform.processor;

import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.platform.liveness.ClockTicks;
import io.riberry.platform.schedule.DynamicParameters;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.InstanceKeys;
import io.riberry.topics.KeyPartitions;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.internal.Activate;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.Enqueue;
import io.riberry.schema.internal.InFlightExecution;
import io.riberry.schema.internal.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about one instance, in the task its name is keyed to, so every decision reads one
 * consistent state: its liveness (heartbeats), its dynamic parameters (the catalog's instance
 * schedules), its queue of RECEIVED executions, what it has in flight (READY or ACTIVE), and the
 * cron job schedules of its forms.
 *
 * <ul>
 *   <li>Status: CREATED until a heartbeat, ONLINE, OFFLINE when the latest heartbeat is older than
 *   {@code offlineAfter} before the latest platform clock tick this task has read ({@link HeardUpTo}:
 *   silence is judged only on heartbeats the task could have read, so a backlog never makes a live
 *   worker look silent), INACTIVE while parameter {@code active} is N. Changes go to the instances
 *   topic. Going OFFLINE fails the executions in flight: nothing will report on them any more.
 *   One process going silent fails the executions it ran, though others keep the instance ONLINE.</li>
 *   <li>Dispatch, Riberry's poll: only to an ONLINE instance whose {@code accept} is not N, by
 *   priority, then age, then id, while READY+ACTIVE is below {@code limit}. A dispatch is a READY
 *   transition sent to the execution processor, which emits the hand-off. An execution whose form
 *   none of the live processes serves (each listed its forms, none this one) is not handed over:
 *   it ends FAILURE ({@value #FORM_NOT_SERVED}) and takes no place.</li>
 *   <li>A wall-clock punctuator re-evaluates what time changes (schedule windows, due cron
 *   schedules), though no record arrives; each clock tick read re-judges silence.</li>
 * </ul>
 * Worker processes are kept by {@link WorkerProcesses}, the queue and the hand-over by
 * {@link DispatchQueue}, the forms' cron schedules run through {@link CronJobs}; all live in this
 * task's stores.
 */
public final class InstanceProcessor implements Processor<String, Object, String, Object> {

    /** The error type of executions failed because their instance went offline. */
    public static final String INSTANCE_OFFLINE = "InstanceOffline";
    /** The error type of executions failed because the one process running them went silent. */
    public static final String WORKER_LOST = "WorkerLost";
    /** The error type of executions failed instead of dispatched because no live process of their instance serves their form. */
    public static final String FORM_NOT_SERVED = "FormNotServed";
    static final int FIRST_ATTEMPT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(InstanceProcessor.class);
    private static final Duration LONGEST_PUNCTUATION = Duration.ofSeconds(1);

    private final Duration offlineAfter;
    private final KeyPartitions partitions;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, InstanceState> statuses;
    private KeyValueStore<String, InstanceParameters> parameters;
    private KeyValueStore<String, InFlightExecution> inFlight;
    private HeardUpTo heardUpTo;
    private WorkerProcesses processes;
    private DispatchQueue dispatchQueue;
    private CatalogView catalog;
    private CronJobs cronJobs;
    private LostExecutions lostExecutions;

    public InstanceProcessor(final Duration offlineAfter, final KeyPartitions partitions) {
        this.offlineAfter = offlineAfter;
        this.partitions = partitions;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.statuses = context.getStateStore(StoreNames.INSTANCE_STATUS);
        this.parameters = context.getStateStore(StoreNames.INSTANCE_PARAMETERS);
        this.inFlight = context.getStateStore(StoreNames.IN_FLIGHT);
        // Per task and in memory (see HeardUpTo): a task that starts, or starts again, judges no one until its first tick.
        this.heardUpTo = new HeardUpTo(offlineAfter);
        this.processes = new WorkerProcesses(context.getStateStore(StoreNames.INSTANCE_PROCESSES), heardUpTo);
        this.dispatchQueue = new DispatchQueue(context, context.getStateStore(StoreNames.DISPATCH_QUEUE), inFlight, processes);
        final KeyValueStore<String, CatalogEntry> catalogStore = context.getStateStore(StoreNames.CATALOG);
        this.catalog = new CatalogView(catalogStore);
        this.cronJobs = new CronJobs(context, catalog, context.getStateStore(StoreNames.JOB_SCHEDULE_RUNS));
        this.lostExecutions = new LostExecutions(context, inFlight, processes, heardUpTo);
        // Often enough that a schedule window or cron time is noticed within a second; as often as the platform clock
        // ticks (PlatformClock.intervalFor) where the timeout is short, so the dispatch reacts at the same pace.
        final long punctuationMillis = Math.min(LONGEST_PUNCTUATION.toMillis(), Math.max(100, offlineAfter.toMillis() / 4));
        context.schedule(Duration.ofMillis(punctuationMillis), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(final Record<String, Object> record) {
        if (IgnoredTombstones.skip(context, record)) {
            return;
        }
        if (record.value() instanceof Heartbeat heartbeat) {
            if (ClockTicks.isTick(heartbeat)) {
                onClockTick(heartbeat);
            } else {
                onHeartbeat(heartbeat);
            }
        } else if (record.value() instanceof DispatchRequest request) {
            onDispatchRequest(request);
        }
    }

    private void onHeartbeat(final Heartbeat heartbeat) {
        final Instant now = now();
        final InstanceState state = stateOf(heartbeat.getInstance(), heartbeat.getApplication(), now);
        if (state.getLastHeartbeatAt() == null || heartbeat.getSentAt().isAfter(state.getLastHeartbeatAt())) {
            state.setLastHeartbeatAt(heartbeat.getSentAt());
        }
        processes.heard(heartbeat);
        update(state, parametersOf(heartbeat.getInstance()), now);
        statuses.put(state.getInstance(), state);
    }

    /**
     * Every heartbeat sent to this partition before the tick has now been read: whoever is silent
     * by that measure is judged at once. A tick is never an instance or a process.
     */
    private void onClockTick(final Heartbeat tick) {
        final Instant now = now();
        if (heardUpTo.read(tick.getSentAt(), now)) {
            reevaluateInstances(now);
        }
    }

    private void onDispatchRequest(final DispatchRequest request) {
        final Instant now = now();
        final String instance = request.getInstance();
        final InstanceState state = stateOf(instance, null, now);
        final String inFlightKey = InstanceKeys.key(instance, request.getExecutionId());
        final Map<String, String> active = parametersOf(instance).getParameters();
        if (request.getRequest() instanceof Enqueue enqueue) {
            if (inFlight.get(inFlightKey) != null) {
                LOG.debug("Execution {} is already in flight on {}; its enqueue is a replay", request.getExecutionId(), instance);
            } else if (state.getQueuedCount() == 0 && room(state, active) > 0) {
                // Nothing waits ahead of it: straight through, without a queue entry to write, scan and delete.
                dispatchQueue.handOver(state, request.getExecutionId(), enqueue.getForm(), now);
            } else {
                dispatchQueue.add(state, request.getExecutionId(), enqueue);
            }
        } else if (request.getRequest() instanceof Activate activate) {
            final InFlightExecution execution = inFlight.get(inFlightKey);
            if (execution != null && !execution.getActive()) {
                inFlight.put(inFlightKey, InFlightExecution.newBuilder(execution).setActive(true)
                        .setProcessId(activate.getProcessId().isBlank() ? null : activate.getProcessId()).setActiveSince(now).build());
                state.setReadyCount(Math.max(0, state.getReadyCount() - 1));
                state.setActiveCount(state.getActiveCount() + 1);
            }
        } else if (request.getRequest() instanceof Release) {
            final InFlightExecution execution = inFlight.delete(inFlightKey);
            if (execution == null) {
                dispatchQueue.drop(state, request.getExecutionId());
            } else if (execution.getActive()) {
                state.setActiveCount(Math.max(0, state.getActiveCount() - 1));
            } else {
                state.setReadyCount(Math.max(0, state.getReadyCount() - 1));
            }
        }
        dispatchWhatFits(state, active, now);
        statuses.put(instance, state);
    }

    /** Re-evaluates every instance this task owns, then its due cron schedules. */
    private void onWallClock(final long wallClockMillis) {
        final Instant now = Instant.ofEpochMilli(wallClockMillis);
        reevaluateInstances(now);
        cronJobs.runDue(now, this::owns, instance -> {
            final InstanceState state = statuses.get(instance);
            return state != null && state.getStatus() == InstanceStatus.ONLINE;
        });
    }

    /** Re-evaluates every instance this task owns: parameters, status, processes gone silent. */
    private void reevaluateInstances(final Instant now) {
        processes.forgetJudgements();
        final TreeSet<String> owned = new TreeSet<>();
        catalog.all("instance:", InstanceDefinition.class).stream().map(InstanceDefinition::getName).filter(this::owns).forEach(owned::add);
        try (KeyValueIterator<String, InstanceState> known = statuses.all()) {
            known.forEachRemaining(entry -> owned.add(entry.key));
        }
        for (String instance : owned) {
            final InstanceParameters active = refreshParameters(instance, now);
            final boolean firstSeen = statuses.get(instance) == null;
            final InstanceState state = stateOf(instance, null, now);
            final InstanceState before = InstanceState.newBuilder(state).build();
            if (firstSeen) {
                publish(state);
            }
            update(state, active, now);
            if (state.getStatus() != InstanceStatus.OFFLINE) {
                lostExecutions.ofSilentProcesses(state, now);
            }
            if (firstSeen || !state.equals(before)) {
                statuses.put(instance, state);
            }
        }
    }

    /** Recomputes the status from liveness and parameters, publishes a change, and dispatches what now fits. */
    private void update(final InstanceState state, final InstanceParameters active, final Instant now) {
        final InstanceStatus next = statusOf(state, active.getParameters());
        if (next != state.getStatus()) {
            LOG.info("Instance {} is {} (was {})", state.getInstance(), next, state.getStatus());
            state.setStatus(next);
            state.setChangedAt(now);
            publish(state);
            if (next == InstanceStatus.OFFLINE) {
                lostExecutions.ofOfflineInstance(state, now);
            }
        }
        dispatchWhatFits(state, active.getParameters(), now);
    }

    private InstanceStatus statusOf(final InstanceState state, final Map<String, String> active) {
        if (state.getLastHeartbeatAt() == null) {
            return InstanceStatus.CREATED;
        }
        if (!heardUpTo.isKnown()) {
            // No tick read yet: whether the heartbeat is recent is unknown, so liveness stays as it was.
            if (state.getStatus() == InstanceStatus.CREATED || state.getStatus() == InstanceStatus.OFFLINE) {
                return state.getStatus();
            }
        } else if (heardUpTo.isSilent(state.getLastHeartbeatAt())) {
            // A first heartbeat that is already stale does not make an instance seen.
            return state.getStatus() == InstanceStatus.CREATED ? InstanceStatus.CREATED : InstanceStatus.OFFLINE;
        }
        return DynamicParameters.isYes(active, DynamicParameters.ACTIVE) ? InstanceStatus.ONLINE : InstanceStatus.INACTIVE;
    }

    /** Riberry's poll: while the instance may take work and has room, hand it the next queued executions in order. */
    private void dispatchWhatFits(final InstanceState state, final Map<String, String> active, final Instant now) {
        dispatchQueue.dispatchWhatFits(state, room(state, active), now);
    }

    /**
     * How many more executions the instance may take now: none unless ONLINE, accepting, and with
     * a process that is not closing; else up to its limit.
     */
    private int room(final InstanceState state, final Map<String, String> active) {
        if (state.getStatus() != InstanceStatus.ONLINE || !DynamicParameters.isYes(active, DynamicParameters.ACCEPT)
                || !processes.takesWork(state.getInstance())) {
            return 0;
        }
        final int inFlightCount = state.getReadyCount() + state.getActiveCount();
        return DynamicParameters.number(active, DynamicParameters.LIMIT).map(limit -> limit - inFlightCount).orElse(Integer.MAX_VALUE);
    }

    /** Evaluates the instance's schedules now; a change (or a first evaluation) is stored and published. */
    private InstanceParameters refreshParameters(final String instance, final Instant now) {
        final Map<String, String> active = DynamicParameters.activeAt(catalog.instanceSchedules(instance), now);
        final InstanceParameters stored = parameters.get(instance);
        if (stored != null && stored.getParameters().equals(active)) {
            return stored;
        }
        final InstanceParameters changed = new InstanceParameters(instance, new HashMap<>(active), now);
        LOG.info("Instance {} parameters are {}", instance, active);
        parameters.put(instance, changed);
        context.forward(new Record<>(instance, (Object) changed, now.toEpochMilli()), ProcessorNames.PARAMETERS_SINK);
        return changed;
    }

    /** The instance's parameters as last evaluated; evaluated now if never, so a new instance's limit holds from its first record. */
    private InstanceParameters parametersOf(final String instance) {
        final InstanceParameters stored = parameters.get(instance);
        return stored != null ? stored : refreshParameters(instance, now());
    }

    private InstanceState stateOf(final String instance, final String application, final Instant now) {
        final InstanceState stored = statuses.get(instance);
        if (stored != null) {
            return stored;
        }
        final String owner = catalog.instance(instance).map(InstanceDefinition::getApplication)
                .orElse(application != null ? application : "");
        return InstanceState.newBuilder().setInstance(instance).setApplication(owner)
                .setStatus(InstanceStatus.CREATED).setChangedAt(now).build();
    }

    private void publish(final InstanceState state) {
        context.forward(new Record<>(state.getInstance(), (Object) InstanceState.newBuilder(state).build(), state.getChangedAt().toEpochMilli()),
                ProcessorNames.INSTANCES_SINK);
    }

    private boolean owns(final String instance) {
        return partitions.partitionOf(instance) == context.taskId().partition();
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
