package io.riberry.sdk;

import java.util.Set;

/**
 * A dispatch named a form this worker process has no entry point for: the catalog binds the form
 * to this process's instance, but the process was started without it (a typo in the form's
 * name, or a process of an older version). The execution ends FAILURE with this in its error artifact.
 */
public class FormNotServedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param form     the form dispatched
     * @param instance the instance it was dispatched to
     * @param served   the forms this process has entry points for
     */
    public FormNotServedException(final String form, final String instance, final Set<String> served) {
        super("form " + form + " was dispatched to instance " + instance + ", but this worker process has no entry point for it"
                + " (it serves " + String.join(", ", served) + "); register one with entryPoint(\"" + form + "\", ...)");
    }
}
