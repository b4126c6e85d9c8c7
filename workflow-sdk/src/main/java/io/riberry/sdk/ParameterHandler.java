package io.riberry.sdk;

/**
 * Told when a dynamic parameter of the worker's instance changes: the platform evaluates the
 * instance's schedules from the catalog and publishes the active values. Called during
 * {@link RiberryWorker#start()} with the current value (when a schedule sets one), then on every
 * change, on the worker's commands thread, one call at a time: keep it short.
 */
@FunctionalInterface
public interface ParameterHandler {

    /**
     * The parameter's active value changed.
     *
     * @param value the new value; null when no schedule sets the parameter any more
     */
    void changed(String value);
}
