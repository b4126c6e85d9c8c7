package io.riberry.platform.auth;

/**
 * Credentials that were presented and are not valid (unknown, expired, revoked, badly signed).
 * The message is safe to show the client: it never repeats the credential.
 */
public final class AuthenticationException extends RuntimeException {

    public AuthenticationException(final String message) {
        super(message, null, false, false);
    }
}
