package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riberry forms list|show}: which forms the caller may submit, and what each one asks for. */
@Command(name = "forms", mixinStandardHelpOptions = true, description = "The forms you may see, and what each one takes.",
        subcommands = {FormsCommand.ListForms.class, FormsCommand.ShowForm.class})
public final class FormsCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** {@code riberry forms list}: the API answers only the forms the token may see, each with the token's role on it. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the forms you may see, with your role on each.",
            footer = {"", "Examples:", "  riberry forms list", "  riberry forms list --output json"})
    public static final class ListForms extends RiberryCommand {

        @Override
        public Integer call() {
            final JsonNode forms = ApiErrors.require(global().apiClient().get("/forms")).body();
            if (printer().isJson()) {
                printer().json(forms);
                return ExitCodes.OK;
            }
            final List<List<String>> rows = new ArrayList<>();
            forms.path("items").forEach(form -> rows.add(List.of(form.path("name").asText(), form.path("application").asText(),
                    form.path("instance").asText(), form.path("role").asText().toLowerCase(java.util.Locale.ROOT),
                    (form.path("enabled").asBoolean(true) ? "" : "(disabled) ") + form.path("description").asText())));
            printer().table(List.of("FORM", "APPLICATION", "INSTANCE", "ROLE", "DESCRIPTION"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code riberry forms show NAME}: the inputs and files a job of the form takes, or its JSON Schema. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a form: its inputs (type, required, default, values) and files, and its cron schedules.",
            footer = {"", "Examples:", "  riberry forms show hello", "  riberry forms show report --output json"})
    public static final class ShowForm extends RiberryCommand {

        @Parameters(paramLabel = "NAME", description = "The form.")
        String name;

        @Override
        public Integer call() {
            final JsonNode form = ApiErrors.require(global().apiClient().get("/forms/" + References.segment(name))).body();
            if (printer().isJson()) {
                printer().json(form);
                return ExitCodes.OK;
            }
            printer().fields(List.of(new String[] {"Form", form.path("name").asText()},
                    new String[] {"Application", form.path("application").asText()},
                    new String[] {"Instance", form.path("instance").asText()},
                    new String[] {"Version", form.path("version").asText()},
                    new String[] {"Enabled", form.path("enabled").asBoolean() ? "yes" : "no"},
                    new String[] {"Description", form.path("description").asText()}));
            if (form.hasNonNull("jsonSchema")) {
                printer().line("");
                printer().line("Inputs (JSON Schema):");
                printer().line(form.get("jsonSchema").asText());
            } else {
                printer().line("");
                final List<List<String>> inputs = new ArrayList<>();
                form.path("inputs").forEach(input -> inputs.add(List.of(input.path("name").asText(), input.path("type").asText(),
                        input.path("required").asBoolean() ? "yes" : "no", input.path("multiple").asBoolean() ? "yes" : "no",
                        input.hasNonNull("defaultValue") ? input.get("defaultValue").asText() : "",
                        values(input.path("enumValues")), input.path("description").asText())));
                if (inputs.isEmpty()) {
                    printer().line("No inputs.");
                } else {
                    printer().table(List.of("INPUT", "TYPE", "REQUIRED", "MULTIPLE", "DEFAULT", "VALUES", "DESCRIPTION"), inputs);
                }
            }
            final List<List<String>> files = new ArrayList<>();
            form.path("files").forEach(file -> files.add(List.of(file.path("name").asText(), file.path("required").asBoolean() ? "yes" : "no",
                    file.hasNonNull("accept") ? file.get("accept").asText() : "", file.path("maxBytes").asText())));
            printer().line("");
            if (files.isEmpty()) {
                printer().line("No files.");
            } else {
                printer().table(List.of("FILE", "REQUIRED", "ACCEPT", "MAX BYTES"), files);
            }
            printSchedules(form);
            return ExitCodes.OK;
        }

        /** The form's cron schedules: its instance's answer holds them with their runs (the API has no per-form list). */
        private void printSchedules(final JsonNode form) {
            final var instance = global().apiClient().get("/instances/" + References.segment(form.path("instance").asText()));
            if (!instance.isSuccess()) {
                return;
            }
            final List<List<String>> schedules = new ArrayList<>();
            instance.body().path("jobSchedules").forEach(schedule -> {
                if (schedule.path("form").asText().equals(form.path("name").asText())) {
                    schedules.add(List.of(schedule.path("name").asText(), schedule.path("cron").asText(), schedule.path("timezone").asText(),
                            schedule.path("enabled").asBoolean() ? "yes" : "no", schedule.path("totalRuns").asText(),
                            schedule.path("lastRunAt").asText("")));
                }
            });
            if (!schedules.isEmpty()) {
                printer().line("");
                printer().table(List.of("SCHEDULE", "CRON", "TIMEZONE", "ENABLED", "RUNS", "LAST RUN"), schedules);
            }
        }

        private static String values(final JsonNode enumValues) {
            final List<String> values = new ArrayList<>();
            enumValues.forEach(value -> values.add(value.asText()));
            return String.join("|", values);
        }
    }
}
