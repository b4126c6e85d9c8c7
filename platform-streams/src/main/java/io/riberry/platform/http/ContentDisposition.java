package io.riberry.platform.http;

import io.riberry.topics.ArtifactFilenames;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} header of a download (RFC 6266), built from a file name a
 * worker chose and so never trusted: {@code attachment; filename="<ASCII>"; filename*=UTF-8''<UTF-8>}.
 * The header is ASCII whatever the name (RFC 8187 percent-encodes the rest), so the JDK server
 * never writes a raw CR, LF or NUL into the response, and a client gets the base name only.
 */
public final class ContentDisposition {

    /** The ASCII fallback stays short: older clients show it as is. */
    static final int MAX_FALLBACK_CHARS = 150;
    /** RFC 8187 {@code attr-char}: what {@code filename*} may carry unencoded. */
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private ContentDisposition() {
    }

    /**
     * The header value that offers {@code filename} as a download: its base name, cleaned as
     * {@link ArtifactFilenames#sanitise} does, {@value ArtifactFilenames#DEFAULT_FILENAME} when
     * nothing is left of it.
     */
    public static String attachment(final String filename) {
        final String safe = ArtifactFilenames.sanitise(filename, ArtifactFilenames.DEFAULT_FILENAME);
        return "attachment; filename=\"" + asciiFallback(safe) + "\"; filename*=UTF-8''" + percentEncoded(safe);
    }

    /** Printable ASCII but the quoted-string's own {@code "} and {@code \}; anything else becomes {@code _}. */
    private static String asciiFallback(final String safe) {
        final StringBuilder out = new StringBuilder();
        safe.codePoints().forEach(codePoint -> out.append(codePoint >= 0x20 && codePoint < 0x7f && codePoint != '"' && codePoint != '\\'
                ? (char) codePoint : '_'));
        if (out.length() <= MAX_FALLBACK_CHARS) {
            return out.toString();
        }
        // Keep the extension: a client picks what opens the file by it.
        final int dot = out.lastIndexOf(".");
        final String extension = dot > 0 && out.length() - dot <= 16 ? out.substring(dot) : "";
        return out.substring(0, MAX_FALLBACK_CHARS - extension.length()) + extension;
    }

    private static String percentEncoded(final String safe) {
        final StringBuilder out = new StringBuilder();
        for (byte b : safe.getBytes(StandardCharsets.UTF_8)) {
            final int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c < 0x80 && ATTR_CHARS.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
