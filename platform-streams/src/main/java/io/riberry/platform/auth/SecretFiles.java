package io.riberry.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets kept in files only their owner may read: the bootstrap admin token, {@code riberry dev}'s replica secret. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The secret in {@code file}; when the file does not exist, 256 random bits after {@code prefix}
     * are written there first, the file created owner-only ({@code rw-------}) so it is never
     * readable by others, not even for a moment.
     */
    public static String readOrCreate(final Path file, final String prefix) {
        try {
            if (!Files.exists(file)) {
                create(file, prefix);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the secret to a private file beside {@code file}, then links it into place: a hard link
     * fails when {@code file} exists, so of replicas racing to make it exactly one wins, and nobody
     * ever reads a created-but-not-yet-written (empty) file.
     */
    private static void create(final Path file, final String prefix) throws IOException {
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        final Path written = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(directory, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".secret-", ".tmp");
        try {
            Files.writeString(written, prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n", StandardCharsets.UTF_8);
            Files.createLink(file, written);
        } catch (FileAlreadyExistsException raced) {
            // Another process sharing the file made it first: use theirs.
        } finally {
            Files.deleteIfExists(written);
        }
    }
}
