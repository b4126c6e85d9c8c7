package io.riberry.sdk;

/**
 * {@link RiberryWorker#start()} could not start the worker: Kafka or the schema registry did not
 * answer within the start timeout, or the catalog does not match the worker. The message says
 * which address and which setting, or every mismatch found.
 */
public class WorkerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the address and the setting */
    public WorkerStartException(final String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the address and the setting
     * @param cause   the last failure seen
     */
    public WorkerStartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
