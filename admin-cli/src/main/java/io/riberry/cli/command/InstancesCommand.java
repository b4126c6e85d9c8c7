package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry instances list|show}. */
@Command(name = "instances", mixinStandardHelpOptions = true, description = "Show application instances and whether they are alive.",
        subcommands = {InstancesCommand.ListInstances.class, InstancesCommand.Show.class})
public final class InstancesCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** Active dynamic parameters as {@code name=value, ...}, or - when none is set. */
    static String parameters(final JsonNode parameters) {
        final List<String> pairs = new ArrayList<>();
        parameters.fields().forEachRemaining(p -> pairs.add(p.getKey() + "=" + p.getValue().asText()));
        return pairs.isEmpty() ? "-" : String.join(", ", pairs);
    }

    /** One live worker process on a line: its id, then host, pid, start, latest heartbeat, forms, and whether it is closing. */
    static String process(final JsonNode process) {
        final List<String> forms = new ArrayList<>();
        process.path("forms").forEach(form -> forms.add(form.asText()));
        return String.format("%s  host %s, pid %s, started %s, last heartbeat %s, forms %s%s", process.path("processId").asText(),
                process.path("host").asText("-"), process.path("pid").asText("-"), process.path("startedAt").asText("-"),
                process.path("lastHeartbeatAt").asText("-"), forms.isEmpty() ? "any (none listed)" : String.join(", ", forms),
                process.path("stopping").asBoolean() ? ", stopping" : "");
    }

    /** {@code riberry instances list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every instance of the catalog with its status.")
    public static final class ListInstances extends RiberryCommand {
        @Override
        public Integer call() {
            final JsonNode page = ApiErrors.require(global().apiClient().get("/instances")).body();
            if (printer().isJson()) {
                printer().json(page);
                return ExitCodes.OK;
            }
            final List<List<String>> rows = new ArrayList<>();
            page.path("items").forEach(i -> rows.add(List.of(i.path("instance").asText(), i.path("application").asText(),
                    i.path("status").asText(), i.path("lastHeartbeatAt").asText("-"), Integer.toString(i.path("processes").size()),
                    i.path("queuedCount").asText("0"), i.path("readyCount").asText("0"), i.path("activeCount").asText("0"),
                    parameters(i.path("parameters")))));
            printer().table(List.of("INSTANCE", "APPLICATION", "STATUS", "LAST HEARTBEAT", "PROCESSES", "QUEUED", "READY", "ACTIVE",
                    "PARAMETERS"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code riberry instances show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One instance's status, latest heartbeat, counts, active parameters and live worker processes.")
    public static final class Show extends RiberryCommand {
        @Parameters(paramLabel = "NAME", description = "The instance.")
        String name;

        @Override
        public Integer call() {
            final JsonNode instance = ApiErrors.require(global().apiClient().get("/instances/" + name)).body();
            if (printer().isJson()) {
                printer().json(instance);
            } else {
                final List<String[]> rows = new ArrayList<>();
                instance.fields().forEachRemaining(f -> {
                    if (f.getKey().equals("schedules")) {
                        f.getValue().forEach(w -> rows.add(new String[] {"schedule", String.format("%s=%s  %s %s-%s %s, priority %s",
                                w.path("parameter").asText(), w.path("value").asText(), w.path("days").asText(), w.path("startTime").asText(),
                                w.path("endTime").asText(), w.path("timezone").asText(), w.path("priority").asText())}));
                    } else if (f.getKey().equals("jobSchedules")) {
                        f.getValue().forEach(j -> rows.add(new String[] {"job schedule", String.format("%s  form %s, cron \"%s\" %s, runs %s%s%s%s",
                                j.path("name").asText(), j.path("form").asText(), j.path("cron").asText(), j.path("timezone").asText(),
                                j.path("totalRuns").asText(), j.path("limit").asInt() > 0 ? " of " + j.path("limit").asText() : "",
                                j.path("enabled").asBoolean(true) ? "" : ", disabled",
                                j.hasNonNull("lastRunAt") ? ", last " + j.get("lastRunAt").asText() : "")}));
                    } else if (f.getKey().equals("processes")) {
                        if (f.getValue().isEmpty()) {
                            rows.add(new String[] {"processes", "none live"});
                        }
                        f.getValue().forEach(p -> rows.add(new String[] {"process", process(p)}));
                    } else {
                        rows.add(new String[] {f.getKey(), f.getValue().isObject() ? parameters(f.getValue()) : f.getValue().asText()});
                    }
                });
                printer().fields(rows);
            }
            return ExitCodes.OK;
        }
    }
}
