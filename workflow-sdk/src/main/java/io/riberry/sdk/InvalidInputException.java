package io.riberry.sdk;

/**
 * An input an entry point asked for is missing or cannot be read as the type asked for. Thrown
 * by the typed input accessors of {@link ExecutionContext}; left unhandled, it ends the execution
 * FAILURE with this message in its error artifact.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message which input, what it holds and what was asked for */
    public InvalidInputException(final String message) {
        super(message);
    }
}
