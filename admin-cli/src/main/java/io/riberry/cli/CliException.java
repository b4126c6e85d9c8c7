package io.riberry.cli;

/** A failure the user can act on: printed as one line, with its exit code. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(final String message) {
        this(message, ExitCodes.FAILURE);
    }

    public CliException(final String message, final int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
