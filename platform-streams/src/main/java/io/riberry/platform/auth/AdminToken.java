package io.riberry.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
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
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] token;

    private AdminToken(final String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The token in {@code file}, written there first (owner-only) when the file does not exist. */
    public static AdminToken inFile(final Path file) {
        try {
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            final String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!stored.startsWith(PREFIX) || stored.length() < PREFIX.length() + 32) {
                throw new IllegalStateException(file + " does not hold an admin token (" + PREFIX + "...); delete it to have one made");
            }
            return new AdminToken(stored);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createOwnerOnly(final Path file) throws IOException {
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Created with owner-only permissions, never briefly readable by others.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // Another process made it first: use theirs.
        }
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
