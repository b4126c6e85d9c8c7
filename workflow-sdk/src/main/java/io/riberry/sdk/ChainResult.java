package io.riberry.sdk;

/**
 * How one chain of a group ended.
 *
 * @param name   the chain's name, as given to {@link StreamScope#runChains}
 * @param status whether it succeeded, fell back, or failed
 * @param value  its value (on {@link Status#SUCCESS}), its fallback (on {@link Status#FALLBACK},
 *               possibly null), or null (on {@link Status#FAILURE})
 * @param error  null on success; the exception that made it fall back or fail otherwise
 * @param <T>    the type of the chain's value
 */
public record ChainResult<T>(String name, Status status, T value, Exception error) {

    /** How a chain ended. */
    public enum Status {
        /** The task returned a value. */
        SUCCESS,
        /** The task failed (after its retries) and its fallback value was used; the error is kept. */
        FALLBACK,
        /** The task failed without a fallback: the execution has ended FAILURE. */
        FAILURE
    }

    /**
     * Whether the task itself returned a value.
     *
     * @return true only for {@link Status#SUCCESS}; a fallback is not a success
     */
    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    /**
     * Whether the chain's value is its fallback.
     *
     * @return true for {@link Status#FALLBACK}
     */
    public boolean fellBack() {
        return status == Status.FALLBACK;
    }
}
