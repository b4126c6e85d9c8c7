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
                    i.path("status").asText(), i.path("lastHeartbeatAt").asText("-"))));
            printer().table(List.of("INSTANCE", "APPLICATION", "STATUS", "LAST HEARTBEAT"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code riberry instances show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "One instance's status and latest heartbeat.")
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
                instance.fields().forEachRemaining(f -> rows.add(new String[] {f.getKey(), f.getValue().asText()}));
                printer().fields(rows);
            }
            return ExitCodes.OK;
        }
    }
}
