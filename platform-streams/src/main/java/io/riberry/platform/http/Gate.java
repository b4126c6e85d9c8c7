package io.riberry.platform.http;

import io.riberry.platform.auth.Access;

/**
 * Who may come in through a mount: checks a request's credentials before any handler runs and
 * says what the caller may do, or refuses with 401. Routes added with {@link Router#open} are
 * answered without asking it (health, the sign-in page).
 */
@FunctionalInterface
public interface Gate {

    /** @throws ApiException 401 without valid credentials (or 403 for a cross-site write with a session) */
    Access admit(ApiRequest request);
}
