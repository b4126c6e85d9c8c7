package io.riberry.platform.api;

import io.riberry.platform.auth.Access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.Answers;
import io.riberry.platform.query.CatalogQueries;
import io.riberry.platform.query.InstanceQueries;
import io.riberry.platform.query.InstanceQueries.InstanceSnapshot;
import io.riberry.platform.query.InstanceQueries.ProcessSnapshot;
import io.riberry.platform.query.StaleAnswers;
import io.riberry.platform.store.CatalogView;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceStatus;
import io.riberry.platform.schedule.CronExpression;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.internal.JobScheduleRuns;
import io.riberry.schema.internal.WorkerProcessState;
import io.riberry.topics.RecordLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /instances} and {@code GET /instances/{name}}: each instance of the catalog with its
 * status, latest heartbeat, READY/ACTIVE/queued counts, active dynamic parameters and the schedules
 * behind them, its forms' cron schedules with their runs, and its live worker processes; an
 * instance that never sent a heartbeat is CREATED.
 */
public final class InstancesApi {

    private final CatalogQueries catalogs;
    private final InstanceQueries instances;
    private final Clock clock;

    public InstancesApi(final CatalogQueries catalogs, final InstanceQueries instances, final Clock clock) {
        this.catalogs = catalogs;
        this.instances = instances;
        this.clock = clock;
    }

    public ApiResponse list(final ApiRequest request) {
        final CatalogView catalog = catalogs.catalog();
        final List<InstanceDefinition> declared = new ArrayList<>(catalog.all("instance:", InstanceDefinition.class));
        declared.removeIf(instance -> !request.access().canSeeInstance(instance.getName()));
        declared.sort(Comparator.comparing(InstanceDefinition::getName));
        final Answers<InstanceSnapshot> snapshots = instances.instances(declared.stream().map(InstanceDefinition::getName).toList());
        final List<JsonNode> items = new ArrayList<>();
        for (InstanceDefinition instance : declared) {
            items.add(describe(request.access(), catalog, instance.getName(), instance.getApplication(), snapshots.get(instance.getName())));
        }
        return StaleAnswers.mark(ApiResponse.json(200, Map.of("items", items)), snapshots.possiblyStale());
    }

    public ApiResponse get(final ApiRequest request) {
        final String name = request.pathParam("name");
        if (!request.access().canSeeInstance(name)) {
            throw ApiException.notFound("no instance " + RecordLimits.quote(name));
        }
        final CatalogView catalog = catalogs.catalog();
        final Optional<InstanceDefinition> declared = catalog.instance(name);
        final Answers<InstanceSnapshot> found = instances.instance(name);
        final Optional<InstanceSnapshot> snapshot = found.get(name).filter(s -> s.state() != null);
        if (snapshot.isEmpty() && declared.isEmpty()) {
            throw ApiException.notFound("no instance " + RecordLimits.quote(name));
        }
        final String application = declared.map(InstanceDefinition::getApplication).orElse(null);
        return StaleAnswers.mark(ApiResponse.json(200, describe(request.access(), catalog, name, application, found.get(name))), found.possiblyStale());
    }

    /**
     * The instance's state (CREATED when never seen), its active dynamic parameters, the schedules
     * that decide them, the cron schedules of its forms with their runs so far, and its live
     * processes.
     */
    private ObjectNode describe(final Access access, final CatalogView catalog, final String name, final String application,
                                final Optional<InstanceSnapshot> snapshot) {
        final Instant now = clock.instant();
        final ObjectNode instance = snapshot.map(InstanceSnapshot::state).map(AvroJson::toJson)
                .orElseGet(() -> created(name, application));
        final ObjectNode values = instance.putObject("parameters");
        snapshot.map(InstanceSnapshot::parameters).ifPresent(active -> new TreeMap<>(active.getParameters()).forEach(values::put));
        final ArrayNode schedules = instance.putArray("schedules");
        catalog.instanceSchedules(name).forEach(schedule -> schedules.add(AvroJson.toJson(schedule)));
        final Map<String, JobScheduleRuns> runs = new TreeMap<>();
        snapshot.ifPresent(s -> s.scheduleRuns().forEach(run -> runs.put(run.getSchedule(), run)));
        final ArrayNode jobSchedules = instance.putArray("jobSchedules");
        for (JobScheduleDefinition schedule : catalog.jobSchedules()) {
            if (catalog.form(schedule.getForm()).filter(form -> form.getInstance().equals(name)).isEmpty()
                    || !access.canSeeForm(schedule.getForm())) {
                continue;
            }
            final ObjectNode item = AvroJson.toJson(schedule);
            final JobScheduleRuns done = runs.get(schedule.getName());
            item.put("totalRuns", done == null ? 0 : done.getTotalRuns());
            nextRun(schedule, done, now).ifPresentOrElse(next -> item.put("nextRunAt", next.toString()), () -> item.putNull("nextRunAt"));
            if (done != null && done.getLastRunAt() != null) {
                item.put("lastRunAt", done.getLastRunAt().toString()).put("lastJobId", done.getLastJobId());
            }
            jobSchedules.add(item);
        }
        final ArrayNode processes = instance.putArray("processes");
        snapshot.ifPresent(s -> s.processes().forEach(process -> processes.add(describe(process))));
        return instance;
    }

    /**
     * A live worker process as its latest heartbeat described it. Host, pid and start are left
     * out when the worker does not report them (an SDK from before they were added), as the API
     * leaves out every unknown value.
     */
    private static ObjectNode describe(final ProcessSnapshot process) {
        final WorkerProcessState state = process.state();
        final ObjectNode item = Json.MAPPER.createObjectNode().put("processId", process.processId());
        if (!state.getHost().isEmpty()) {
            item.put("host", state.getHost());
        }
        if (state.getPid() > 0) {
            item.put("pid", state.getPid());
        }
        if (state.getStartedAt() != null) {
            item.put("startedAt", state.getStartedAt().toString());
        }
        item.put("lastHeartbeatAt", state.getLastHeartbeatAt().toString());
        final ArrayNode forms = item.putArray("forms");
        new TreeSet<>(state.getForms()).forEach(forms::add);
        return item.put("stopping", state.getStopping());
    }

    /**
     * When the schedule will next submit a job: the first cron time after its latest run (or after
     * now, before its first tick); a time already past means at the next tick (it waits for its
     * instance to come online). None when it is disabled, at its limit, or its cron is invalid.
     */
    static Optional<Instant> nextRun(final JobScheduleDefinition schedule, final JobScheduleRuns done, final Instant now) {
        if (!schedule.getEnabled() || done != null && schedule.getLimit() > 0 && done.getTotalRuns() >= schedule.getLimit()) {
            return Optional.empty();
        }
        try {
            return CronExpression.parse(schedule.getCron(), schedule.getTimezone()).nextAfter(done == null ? now : done.getDueAfter());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode created(final String name, final String application) {
        return Json.MAPPER.createObjectNode().put("instance", name).put("application", application)
                .put("status", InstanceStatus.CREATED.name()).put("readyCount", 0).put("activeCount", 0).put("queuedCount", 0);
    }
}
