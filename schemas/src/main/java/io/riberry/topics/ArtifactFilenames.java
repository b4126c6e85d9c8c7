package io.riberry.topics;

import java.nio.charset.StandardCharsets;

/**
 * What an artifact's file name and display name may be, in one place for everyone who meets
 * them: the SDK refuses a bad one when the artifact is made, the platform cleans one a non-SDK
 * producer sent (and says so in an anomaly), and whoever writes the bytes to a disk or names them
 * in a header cleans it again, because a record may predate these rules.
 *
 * <p>A file name is one path segment: no {@code /} or {@code \}, not {@code .}, not starting with
 * {@code ..}, at most {@link RecordLimits#MAX_NAME_CHARS} characters and {@link #MAX_FILENAME_BYTES}
 * UTF-8 bytes (what file systems take), and without the characters below. A display name is
 * non-empty, at most {@link RecordLimits#MAX_NAME_CHARS} characters, without them either.
 *
 * <p>Refused characters: controls (C0, DEL, C1: a CR or LF splits an HTTP header or a log line, an
 * escape rewrites a terminal), the Unicode bidirectional overrides and isolates (U+202E, right-to-left override,
 * makes {@code invoice<U+202E>fdp.exe} show as {@code invoiceexe.pdf}), and unpaired surrogates (not text at all).
 */
public final class ArtifactFilenames {

    /** The longest file name, in UTF-8 bytes, that common file systems (ext4, APFS, NTFS) accept. */
    public static final int MAX_FILENAME_BYTES = 255;
    /** What a file name that cleans down to nothing becomes when the caller has no better name. */
    public static final String DEFAULT_FILENAME = "artifact";
    /** An extension longer than this is not worth keeping when a name is cut to fit. */
    private static final int MAX_KEPT_EXTENSION_CHARS = 16;

    private ArtifactFilenames() {
    }

    /**
     * Why {@code filename} cannot be an artifact's file name as it is.
     *
     * @param filename a file name as a worker sent it
     * @return the reason, or null when it is acceptable
     */
    public static String filenameProblem(final String filename) {
        if (filename == null || filename.isEmpty()) {
            return "is empty";
        }
        if (filename.length() > RecordLimits.MAX_NAME_CHARS) {
            return "is " + filename.length() + " characters; the limit is " + RecordLimits.MAX_NAME_CHARS;
        }
        final String refused = refusedCharacter(filename);
        if (refused != null) {
            return refused;
        }
        if (filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0) {
            return "contains a path separator; a file name is one path segment";
        }
        if (".".equals(filename) || filename.startsWith("..")) {
            return "is or starts with a dot-dot path segment";
        }
        final int bytes = filename.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILENAME_BYTES) {
            return "is " + bytes + " bytes in UTF-8; file systems take " + MAX_FILENAME_BYTES;
        }
        return null;
    }

    /**
     * Why {@code name} cannot be an artifact's display name as it is.
     *
     * @param name a display name as a worker sent it
     * @return the reason, or null when it is acceptable
     */
    public static String nameProblem(final String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > RecordLimits.MAX_NAME_CHARS) {
            return "is " + name.length() + " characters; the limit is " + RecordLimits.MAX_NAME_CHARS;
        }
        return refusedCharacter(name);
    }

    /**
     * A file name safe to create in a directory and to name in a header: the last path segment of
     * {@code filename} (either separator), without refused characters, leading dots or surrounding
     * blanks, cut to {@link #MAX_FILENAME_BYTES} keeping its extension; {@code fallback}, cleaned the
     * same way, when nothing is left, and {@link #DEFAULT_FILENAME} when that is empty too. The
     * result always passes {@link #filenameProblem}.
     *
     * @param filename a file name from a record, possibly hostile; null counts as empty
     * @param fallback the name to use instead (the artifact's id, say); null counts as empty
     * @return a non-empty, single-segment file name
     */
    public static String sanitise(final String filename, final String fallback) {
        final String cleaned = clean(filename);
        if (!cleaned.isEmpty()) {
            return cleaned;
        }
        final String cleanedFallback = clean(fallback);
        return cleanedFallback.isEmpty() ? DEFAULT_FILENAME : cleanedFallback;
    }

    /**
     * A display name without refused characters and cut to {@link RecordLimits#MAX_NAME_CHARS};
     * {@code fallback} when nothing is left.
     *
     * @param name a display name from a record, possibly hostile; null counts as empty
     * @param fallback the name to use when nothing is left of {@code name}
     * @return the cleaned name
     */
    public static String sanitiseName(final String name, final String fallback) {
        final String cleaned = RecordLimits.truncate(withoutRefused(name == null ? "" : name).strip(), RecordLimits.MAX_NAME_CHARS);
        return cleaned.isEmpty() ? fallback : cleaned;
    }

    /**
     * {@code text} with every refused character written as {@code \}{@code uXXXX}, so that quoting a
     * hostile name in a message or a log shows it without acting on it.
     *
     * @param text any text; null gives {@code "null"}
     * @return the text, printable
     */
    public static String printable(final String text) {
        if (text == null) {
            return "null";
        }
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (isRefused(text, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String clean(final String filename) {
        if (filename == null) {
            return "";
        }
        final int lastSeparator = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        return withoutLeadingDots(cutToBytes(withoutLeadingDots(withoutRefused(filename.substring(lastSeparator + 1)))));
    }

    /** A leading dot hides the file, and {@code ..} or {@code .} is not a file at all; blanks around a name are never meant. */
    private static String withoutLeadingDots(final String segment) {
        int start = 0;
        while (start < segment.length() && (segment.charAt(start) == '.' || Character.isWhitespace(segment.charAt(start)))) {
            start++;
        }
        return segment.substring(start).strip();
    }

    /** {@code name} within {@link #MAX_FILENAME_BYTES} UTF-8 bytes (and the character limit), its extension kept. */
    private static String cutToBytes(final String name) {
        final int maxChars = RecordLimits.MAX_NAME_CHARS;
        if (name.length() <= maxChars && name.getBytes(StandardCharsets.UTF_8).length <= MAX_FILENAME_BYTES) {
            return name;
        }
        final int dot = name.lastIndexOf('.');
        final String extension = dot > 0 && name.length() - dot <= MAX_KEPT_EXTENSION_CHARS ? name.substring(dot) : "";
        final String stem = name.substring(0, name.length() - extension.length());
        final int extensionBytes = extension.getBytes(StandardCharsets.UTF_8).length;
        final StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < stem.length(); ) {
            final int codePoint = stem.codePointAt(i);
            final int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size + extensionBytes > MAX_FILENAME_BYTES || kept.length() + Character.charCount(codePoint) + extension.length() > maxChars) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return kept.toString().strip() + extension;
    }

    private static String withoutRefused(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!isRefused(text, i)) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static String refusedCharacter(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isRefused(text, i)) {
                return "contains the character U+" + String.format("%04X", (int) text.charAt(i)) + " at index " + i
                        + " (control characters, bidirectional overrides and unpaired surrogates are refused)";
            }
        }
        return null;
    }

    /** Whether the char at {@code i} is a control, a bidirectional formatting character or half of no surrogate pair. */
    private static boolean isRefused(final String text, final int i) {
        final char c = text.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
