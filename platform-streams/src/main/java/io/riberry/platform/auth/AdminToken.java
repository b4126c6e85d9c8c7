package io.riberry.platform.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The bootstrap administrator: a token kept in a file only its owner may read ({@code riberry dev}
 * uses {@code <data-dir>/admin.token}), created with 256 random bits when missing. It is how the
 * first API tokens get made; it is not on the principals topic, so it works before anything else does.
 */
public final class AdminToken implements Authenticator {

    public static final String PREFIX = "rba_";
    public static final String SUBJECT = "admin";

    private final byte[] token;

    private AdminToken(final String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The token in {@code file}, written there first (owner-only) when the file does not exist. */
    public static AdminToken inFile(final Path file) {
        final String stored = SecretFiles.readOrCreate(file, PREFIX);
        if (!stored.startsWith(PREFIX) || stored.length() < PREFIX.length() + 32) {
            throw new IllegalStateException(file + " does not hold an admin token (" + PREFIX + "...); delete it to have one made");
        }
        return new AdminToken(stored);
    }

    @Override
    public Optional<Principal> authenticate(final String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), token)) {
            throw new AuthenticationException("the admin token is not valid");
        }
        return Optional.of(new Principal(SUBJECT, Set.of(), true, "admin token"));
    }
}
