package io.riberry.platform.api;

import io.riberry.platform.http.ApiException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a record the API published: only an acknowledged record is answered 202; anything else is 503. */
final class Publishing {

    private static final long TIMEOUT_MS = 10_000;

    private Publishing() {
    }

    static void await(final Future<?> sent, final String what) {
        try {
            sent.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable(what + " could not be published: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while publishing " + what);
        }
    }
}
