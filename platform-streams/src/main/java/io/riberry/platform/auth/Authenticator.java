package io.riberry.platform.auth;

import java.util.Optional;

/**
 * One way of proving who a request comes from (an API token, an OIDC JWT, the bootstrap admin
 * token). Each looks at the presented secret and either claims it (a principal), says it is of its
 * kind but not valid ({@link AuthenticationException}), or leaves it to the next (empty).
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param secret the bearer token, or the password of HTTP Basic (the Confluent clients' way)
     * @return the principal when this authenticator recognises and accepts the secret; empty when it is not of its kind
     * @throws AuthenticationException when it is of its kind and not valid
     */
    Optional<Principal> authenticate(String secret);
}
