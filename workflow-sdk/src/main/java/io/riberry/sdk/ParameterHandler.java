package io.riberry.sdk;

/**
 * Told when a dynamic parameter of the worker's instance changes: the platform evaluates the
 * instance's schedules from the catalog and publishes the active values. Called once at start
 * with the current value, then on every change, on the worker's parameter thread.
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
