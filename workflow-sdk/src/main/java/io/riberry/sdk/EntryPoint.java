package io.riberry.sdk;

/**
 * The workflow a form runs. It starts when the execution turns ACTIVE; returning makes the
 * execution SUCCESS, throwing makes it FAILURE with the exception's type, message and stack trace.
 */
@FunctionalInterface
public interface EntryPoint {

    void run(ExecutionContext context) throws Exception;
}
