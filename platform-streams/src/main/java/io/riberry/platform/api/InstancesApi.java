package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.RemoteQueries;
import io.riberry.platform.query.StoreAccess;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /instances} and {@code GET /instances/{name}}: each instance of the catalog with its
 * status, latest heartbeat, READY/ACTIVE/queued counts, active dynamic parameters and the schedules
 * behind them, and its forms' cron schedules with their runs; an instance that never sent a
 * heartbeat is CREATED.
 */
public final class InstancesApi {

    private final StoreAccess stores;
    private final RemoteQueries remote;

    public InstancesApi(final StoreAccess stores, final RemoteQueries remote) {
        this.stores = stores;
        this.remote = remote;
    }

    public HttpResponse list(final HttpRequest request) {
        final List<InstanceDefinition> declared = new CatalogView(stores.global(StoreNames.CATALOG))
                .all("instance:", InstanceDefinition.class);
        final List<JsonNode> items = new ArrayList<>();
        declared.stream().sorted(Comparator.comparing(InstanceDefinition::getName))
                .forEach(instance -> items.add(describe(instance.getName(), instance.getApplication())));
        return HttpResponse.json(200, Map.of("items", items));
    }

    public HttpResponse get(final HttpRequest request) {
        final String name = request.pathParam("name");
        final HostInfo owner = stores.ownerOf(StoreNames.INSTANCE_STATUS, name);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        final Optional<InstanceDefinition> declared = new CatalogView(stores.global(StoreNames.CATALOG)).instance(name);
        final InstanceState state = localState(name);
        if (state == null && declared.isEmpty()) {
            throw ApiException.notFound("no instance " + name);
        }
        return HttpResponse.json(200, withParameters(state != null ? (ObjectNode) AvroJson.toJson(state)
                : created(name, declared.get().getApplication()), name));
    }

    private JsonNode describe(final String name, final String application) {
        final HostInfo owner = stores.ownerOf(StoreNames.INSTANCE_STATUS, name);
        if (!stores.isSelf(owner)) {
            final JsonNode remoteState = remote.getJson(owner, "/instances/" + name);
            return remoteState != null ? remoteState : created(name, application);
        }
        final InstanceState state = localState(name);
        return withParameters(state != null ? (ObjectNode) AvroJson.toJson(state) : created(name, application), name);
    }

    /**
     * The instance's active dynamic parameters, the schedules that decide them, and the cron
     * schedules of its forms with their runs so far: all kept in the task of the instance.
     */
    private ObjectNode withParameters(final ObjectNode instance, final String name) {
        final ReadOnlyKeyValueStore<String, InstanceParameters> parameters = stores.local(StoreNames.INSTANCE_PARAMETERS);
        final InstanceParameters active = parameters.get(name);
        final ObjectNode values = instance.putObject("parameters");
        if (active != null) {
            new TreeMap<>(active.getParameters()).forEach(values::put);
        }
        final CatalogView catalog = new CatalogView(stores.global(StoreNames.CATALOG));
        final ArrayNode schedules = instance.putArray("schedules");
        catalog.instanceSchedules(name).forEach(schedule -> schedules.add(AvroJson.toJson(schedule)));
        final ReadOnlyKeyValueStore<String, JobScheduleRuns> runs = stores.local(StoreNames.JOB_SCHEDULE_RUNS);
        final ArrayNode jobSchedules = instance.putArray("jobSchedules");
        for (JobScheduleDefinition schedule : catalog.jobSchedules()) {
            if (catalog.form(schedule.getForm()).filter(form -> form.getInstance().equals(name)).isEmpty()) {
                continue;
            }
            final ObjectNode item = AvroJson.toJson(schedule);
            final JobScheduleRuns done = runs.get(schedule.getName());
            item.put("totalRuns", done == null ? 0 : done.getTotalRuns());
            if (done != null && done.getLastRunAt() != null) {
                item.put("lastRunAt", done.getLastRunAt().toString()).put("lastJobId", done.getLastJobId());
            }
            jobSchedules.add(item);
        }
        return instance;
    }

    private InstanceState localState(final String name) {
        final ReadOnlyKeyValueStore<String, InstanceState> instances = stores.local(StoreNames.INSTANCE_STATUS);
        return instances.get(name);
    }

    private static ObjectNode created(final String name, final String application) {
        return Json.MAPPER.createObjectNode().put("instance", name).put("application", application)
                .put("status", InstanceStatus.CREATED.name()).put("readyCount", 0).put("activeCount", 0).put("queuedCount", 0);
    }
}
