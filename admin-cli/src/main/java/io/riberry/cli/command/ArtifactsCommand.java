package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.ExitCodes;
import io.riberry.platform.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riberry artifacts ...}. */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "List and download artifacts.",
        subcommands = {ArtifactsCommand.ListArtifacts.class, ArtifactsCommand.Download.class})
public final class ArtifactsCommand extends RiberryCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** {@code riberry artifacts list EXECUTION_ID}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an execution's artifacts.")
    public static final class ListArtifacts extends RiberryCommand {

        @Parameters(paramLabel = "EXECUTION_ID", description = "The execution.")
        String executionId;

        @Override
        public Integer call() {
            final JsonNode items = ApiErrors.require(global().apiClient().get("/executions/" + executionId + "/artifacts")).body();
            if (printer().isJson()) {
                printer().json(items);
                return ExitCodes.OK;
            }
            final List<List<String>> rows = new ArrayList<>();
            items.path("items").forEach(a -> rows.add(List.of(a.path("artifactId").asText(), a.path("type").asText(),
                    a.path("category").asText(), a.path("name").asText(), a.path("filename").asText(), a.path("size").asText(),
                    a.path("complete").asBoolean() ? "yes" : "no")));
            printer().table(List.of("ARTIFACT", "TYPE", "CATEGORY", "NAME", "FILE", "BYTES", "COMPLETE"), rows);
            return ExitCodes.OK;
        }
    }

    /** {@code riberry artifacts download ID [-o FILE]}: streams to a file (default: the artifact's file name). */
    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download an artifact's content.")
    public static final class Download extends RiberryCommand {

        @Parameters(paramLabel = "ARTIFACT_ID", description = "The artifact.")
        String artifactId;

        @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", description = "Where to write it (default: its file name; - for stdout).")
        Path file;

        @Override
        public Integer call() throws IOException, InterruptedException {
            final JsonNode artifact = ApiErrors.require(global().apiClient().get("/artifacts/" + artifactId)).body();
            final Path target = file != null ? file : Path.of(artifact.path("filename").asText(artifactId));
            final HttpResponse<InputStream> response = global().apiClient().getStream("/artifacts/" + artifactId + "/content");
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw ApiErrors.failure(response.statusCode(),
                            Json.MAPPER.readTree(in.readAllBytes()).path("message").asText("download failed"));
                }
                if ("-".equals(target.toString())) {
                    // Bytes, not text: straight to the process's stdout rather than the command's writer.
                    in.transferTo(System.out);
                    System.out.flush();
                    return ExitCodes.OK;
                }
                final long written = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                printer().line("Wrote " + written + " bytes to " + target);
            }
            return ExitCodes.OK;
        }
    }
}
