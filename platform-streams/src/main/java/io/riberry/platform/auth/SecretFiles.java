package io.riberry.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private static void create(final Path file, final String prefix) throws IOException {
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // Another process (a second replica sharing the file) made it first: use theirs.
        }
    }
}
