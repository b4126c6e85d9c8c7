package io.riberry.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliException;
import io.riberry.cli.ExitCodes;
import io.riberry.platform.http.Json;
import io.riberry.topics.ArtifactFilenames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

        @Parameters(paramLabel = "EXECUTION_ID", description = References.EXECUTION_HELP)
        String executionId;

        @Override
        public Integer call() {
            final JsonNode items = ApiErrors.require(global().apiClient().get("/executions/" + resolveExecution(executionId) + "/artifacts")).body();
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

    /**
     * {@code riberry artifacts download ID [-o FILE] [--force]}: streams to a file, by default the
     * base name of the artifact's file name in the current directory, cleaned as
     * {@link ArtifactFilenames#sanitise} says: a worker chose that name, so it never picks the directory.
     * The bytes go to a temporary file beside the target, moved into place only once all of them
     * arrived; an existing file is replaced only with {@code --force}.
     */
    @Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download an artifact's content.",
        footer = {"", "Examples:", "  riberry artifacts list q3", "  riberry artifacts download ARTIFACT_ID -o scores.csv"})
    public static final class Download extends RiberryCommand {

        @Parameters(paramLabel = "ARTIFACT_ID", description = "The artifact.")
        String artifactId;

        @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
                description = "Where to write it (default: the base name of its file name, in the current directory; - for stdout).")
        Path file;

        @Option(names = "--force", description = "Replace the file if it exists.")
        boolean force;

        /** What the default file name and a relative FILE resolve against: the current directory unless told otherwise. */
        private Path directory = Path.of("");

        /**
         * Resolves the download against {@code workingDirectory} instead of the process's current
         * directory, which a JVM cannot change: for whoever runs the CLI in-process (the tests).
         */
        public void resolveAgainst(final Path workingDirectory) {
            this.directory = workingDirectory;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            final JsonNode artifact = ApiErrors.require(global().apiClient().get("/artifacts/" + artifactId)).body();
            final boolean toStdout = file != null && "-".equals(file.toString());
            // As the user would name it: what they gave with -o, or the cleaned name in the current directory.
            final Path named = file != null ? file
                    : Path.of(ArtifactFilenames.sanitise(artifact.path("filename").asText(""), "artifact-" + artifactId));
            final Path target = directory.resolve(named);
            if (!toStdout) {
                refuseToReplace(target, named);
            }
            final HttpResponse<InputStream> response = global().apiClient().getStream("/artifacts/" + artifactId + "/content");
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw ApiErrors.failure(response.statusCode(),
                            Json.MAPPER.readTree(in.readAllBytes()).path("message").asText("download failed"));
                }
                if (toStdout) {
                    // Bytes, not text: straight to the process's stdout rather than the command's writer.
                    in.transferTo(System.out);
                    System.out.flush();
                    return ExitCodes.OK;
                }
                final long written = writeWhole(in, response.headers().firstValueAsLong("Content-Length").orElse(-1), target, named);
                printer().line("Wrote " + written + " bytes to " + named);
            }
            return ExitCodes.OK;
        }

        private void refuseToReplace(final Path target, final Path named) {
            if (Files.isDirectory(target)) {
                throw new CliException(named + " is a directory; name a file with -o");
            }
            // NOFOLLOW_LINKS: a dangling symbolic link is there too, and replacing it must be asked for.
            if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(named + " exists; add --force to replace it");
            }
        }

        /**
         * Copies the body to a temporary file in the target's directory and renames it into place
         * once all {@code expected} bytes (when known) arrived: a dropped connection leaves no
         * half-written file, and the rename never crosses file systems.
         */
        private long writeWhole(final InputStream in, final long expected, final Path target, final Path named) throws IOException {
            final Path parent = target.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new CliException("cannot write " + named + ": its directory does not exist");
            }
            final Path partial = Files.createTempFile(parent, ".riberry-download-", ".part");
            try {
                long written = 0;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    final byte[] buffer = new byte[64 * 1024];
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        out.write(buffer, 0, read);
                        written += read;
                    }
                } catch (IOException e) {
                    throw new CliException("download of " + artifactId + " broke off after " + written + " bytes (" + e.getMessage()
                            + "); " + named + " was not written");
                }
                if (expected >= 0 && written != expected) {
                    throw new CliException("download of " + artifactId + " ended after " + written + " of " + expected + " bytes; "
                            + named + " was not written");
                }
                moveIntoPlace(partial, target, named);
                return written;
            } finally {
                Files.deleteIfExists(partial);
            }
        }

        private void moveIntoPlace(final Path partial, final Path target, final Path named) throws IOException {
            try {
                if (force) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    // Without REPLACE_EXISTING: a file that appeared while the bytes arrived is not overwritten either.
                    Files.move(partial, target);
                }
            } catch (FileAlreadyExistsException e) {
                throw new CliException(named + " exists; add --force to replace it");
            }
        }
    }
}
