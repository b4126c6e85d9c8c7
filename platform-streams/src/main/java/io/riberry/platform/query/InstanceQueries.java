package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the instance task keeps of an instance: its state (none until its first heartbeat or
 * tick), its active dynamic parameters, and the runs of its forms' cron schedules, all read in
 * the one task that decides its dispatches.
 */
public final class InstanceQueries {

    /** An instance as its task knows it; {@code state} and {@code parameters} may be null (never seen). */
    public record InstanceSnapshot(InstanceState state, InstanceParameters parameters, List<JobScheduleRuns> scheduleRuns) {
    }

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
        return new InstanceSnapshot(state, parameters, runs);
    }

    private static Codec<InstanceSnapshot> snapshotCodec() {
        final Codec<InstanceState> states = Codec.avro(InstanceState.class);
        final Codec<InstanceParameters> parameters = Codec.avro(InstanceParameters.class);
        final Codec<List<JobScheduleRuns>> runs = Codec.list(Codec.avro(JobScheduleRuns.class));
        return new Codec<>() {
            @Override
            public JsonNode encode(final InstanceSnapshot snapshot) {
                final ObjectNode json = Json.MAPPER.createObjectNode();
                json.set("state", snapshot.state() == null ? null : states.encode(snapshot.state()));
                json.set("parameters", snapshot.parameters() == null ? null : parameters.encode(snapshot.parameters()));
                json.set("scheduleRuns", runs.encode(snapshot.scheduleRuns()));
                return json;
            }

            @Override
            public InstanceSnapshot decode(final JsonNode json) {
                return new InstanceSnapshot(json.path("state").isTextual() ? states.decode(json.get("state")) : null,
                        json.path("parameters").isTextual() ? parameters.decode(json.get("parameters")) : null,
                        runs.decode(json.path("scheduleRuns")));
            }
        };
    }
}
