package io.riberry.sdk;

/** A unit of work run as a tracked step or chain. */
@FunctionalInterface
public interface Task<T> {

    T call() throws Exception;
}
