package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.InstanceKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import io.riberry.schema.internal.WorkerProcessState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the instance task keeps of an instance: its state (none until its first heartbeat or
 * tick), its active dynamic parameters, the runs of its forms' cron schedules, and its live
 * worker processes, all read in the one task that decides its dispatches (the processes store is
 * keyed {@code instance NUL processId} but written by the instance's task, so it sits on the
 * replica that owns the instance).
 */
public final class InstanceQueries {

    /**
     * An instance as its task knows it; {@code state} and {@code parameters} may be null (never
     * seen). {@code processes}, by process id, are those the task holds while the instance is
     * ONLINE or INACTIVE: it forgets a process when it judges it silent (no heartbeat for
     * {@code instance.offline.after}, judged at the next clock tick), and an instance that is
     * OFFLINE or CREATED has no live process.
     */
    public record InstanceSnapshot(InstanceState state, InstanceParameters parameters, List<JobScheduleRuns> scheduleRuns,
                                   List<ProcessSnapshot> processes) {
    }

    /** One worker process of the instance, as its latest heartbeat described it. */
    public record ProcessSnapshot(String processId, WorkerProcessState state) {
    }

    private static final StringSerializer KEYS = new StringSerializer();

    private final QueryEngine engine;
    private final KeyedQuery<InstanceSnapshot> instance;

    public InstanceQueries(final QueryEngine engine) {
        this.engine = engine;
        this.instance = engine.register(new KeyedQuery<>("instance", StoreNames.INSTANCE_STATUS, snapshotCodec(),
                (stores, name) -> snapshot(engine.stores(), stores, name)));
    }

    public Answers<InstanceSnapshot> instance(final String name) {
        return engine.get(instance, name);
    }

    /** Several instances: one call per replica that runs any of them. */
    public Answers<InstanceSnapshot> instances(final Collection<String> names) {
        return engine.get(instance, names);
    }

    private static InstanceSnapshot snapshot(final StoreAccess access, final StoreAccess.LocalStores stores, final String name) {
        final InstanceState state = stores.<InstanceState>store(StoreNames.INSTANCE_STATUS).get(name);
        final InstanceParameters parameters = stores.<InstanceParameters>store(StoreNames.INSTANCE_PARAMETERS).get(name);
        final CatalogView catalog = new CatalogView(access.global(StoreNames.CATALOG));
        final List<JobScheduleRuns> runs = new ArrayList<>();
        for (JobScheduleDefinition schedule : catalog.jobSchedules()) {
            if (catalog.form(schedule.getForm()).filter(form -> form.getInstance().equals(name)).isPresent()) {
                final JobScheduleRuns done = stores.<JobScheduleRuns>store(StoreNames.JOB_SCHEDULE_RUNS).get(schedule.getName());
                if (done != null) {
                    runs.add(done);
                }
            }
        }
        return new InstanceSnapshot(state, parameters, runs, liveProcesses(stores, state));
    }

    private static List<ProcessSnapshot> liveProcesses(final StoreAccess.LocalStores stores, final InstanceState state) {
        if (state == null || (state.getStatus() != InstanceStatus.ONLINE && state.getStatus() != InstanceStatus.INACTIVE)) {
            return List.of();
        }
        final List<ProcessSnapshot> processes = new ArrayList<>();
        final ReadOnlyKeyValueStore<String, WorkerProcessState> store = stores.store(StoreNames.INSTANCE_PROCESSES);
        try (KeyValueIterator<String, WorkerProcessState> known = store.prefixScan(InstanceKeys.prefix(state.getInstance()), KEYS)) {
            known.forEachRemaining(process -> processes.add(new ProcessSnapshot(InstanceKeys.idOf(process.key), process.value)));
        }
        processes.sort(Comparator.comparing(ProcessSnapshot::processId));
        return processes;
    }

    private static Codec<InstanceSnapshot> snapshotCodec() {
        final Codec<InstanceState> states = Codec.avro(InstanceState.class);
        final Codec<InstanceParameters> parameters = Codec.avro(InstanceParameters.class);
        final Codec<List<JobScheduleRuns>> runs = Codec.list(Codec.avro(JobScheduleRuns.class));
        final Codec<WorkerProcessState> processStates = Codec.avro(WorkerProcessState.class);
        return new Codec<>() {
            @Override
            public JsonNode encode(final InstanceSnapshot snapshot) {
                final ObjectNode json = Json.MAPPER.createObjectNode();
                json.set("state", snapshot.state() == null ? null : states.encode(snapshot.state()));
                json.set("parameters", snapshot.parameters() == null ? null : parameters.encode(snapshot.parameters()));
                json.set("scheduleRuns", runs.encode(snapshot.scheduleRuns()));
                final ArrayNode processes = json.putArray("processes");
                snapshot.processes().forEach(process -> processes.addObject().put("processId", process.processId())
                        .set("state", processStates.encode(process.state())));
                return json;
            }

            @Override
            public InstanceSnapshot decode(final JsonNode json) {
                final List<ProcessSnapshot> processes = new ArrayList<>();
                json.path("processes").forEach(process -> processes.add(
                        new ProcessSnapshot(process.path("processId").asText(), processStates.decode(process.path("state")))));
                return new InstanceSnapshot(json.path("state").isTextual() ? states.decode(json.get("state")) : null,
                        json.path("parameters").isTextual() ? parameters.decode(json.get("parameters")) : null,
                        runs.decode(json.path("scheduleRuns")), processes);
            }
        };
    }
}
