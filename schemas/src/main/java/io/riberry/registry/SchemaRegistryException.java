package io.riberry.registry;

/** A registry refused a request or could not be reached. {@code status} is the HTTP status, or 0 if there was none. */
public class SchemaRegistryException extends RuntimeException {

    private final int status;

    public SchemaRegistryException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
