package io.riberry.cli;

/** Exit codes of {@code riberry}. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command could not do what was asked (refused, unreachable, not found). */
    public static final int FAILURE = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;
    /** The execution waited for ended FAILURE. */
    public static final int EXECUTION_FAILED = 3;

    private ExitCodes() {
    }
}
