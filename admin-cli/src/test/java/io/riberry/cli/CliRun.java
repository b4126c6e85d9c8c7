package io.riberry.cli;

import io.riberry.cli.command.ArtifactsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** One {@code riberry} invocation with its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(final String... args) {
        return run(Riberry.commandLine(), args);
    }

    /**
     * One invocation as if started in {@code workingDirectory}: a JVM cannot change its current
     * directory, so the commands that write files there are told where it is.
     */
    public static CliRun in(final Path workingDirectory, final String... args) {
        final CommandLine commandLine = Riberry.commandLine();
        final Object download = commandLine.getSubcommands().get("artifacts").getSubcommands().get("download").getCommand();
        ((ArtifactsCommand.Download) download).resolveAgainst(workingDirectory);
        return run(commandLine, args);
    }

    private static CliRun run(final CommandLine commandLine, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
