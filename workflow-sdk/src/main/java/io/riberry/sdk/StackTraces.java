package io.riberry.sdk;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A throwable's full stack trace, causes included, as Java prints it. */
final class StackTraces {

    private StackTraces() {
    }

    static String of(final Throwable failure) {
        final StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
