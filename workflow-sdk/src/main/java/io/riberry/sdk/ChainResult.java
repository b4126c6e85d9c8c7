package io.riberry.sdk;

/** How one chain of a group ended: its value, or the exception it failed with. */
public record ChainResult<T>(String name, T value, Exception error) {

    public boolean succeeded() {
        return error == null;
    }
}
