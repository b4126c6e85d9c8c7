package io.riberry.sdk;

/**
 * The workflow a form runs. It starts when the execution turns ACTIVE; returning makes the
 * execution SUCCESS, throwing makes it FAILURE with the exception's type, message and stack trace
 * (also stored as an {@code error} artifact of category {@code Fatal}).
 */
@FunctionalInterface
public interface EntryPoint {

    /**
     * Runs the workflow of one execution, on one of the worker's entry-point threads.
     *
     * @param context what the execution is (inputs, files) and how to report on it
     * @throws Exception anything: the execution then ends FAILURE
     */
    void run(ExecutionContext context) throws Exception;
}
