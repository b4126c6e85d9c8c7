package io.riberry.platform.http;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** The content type of a file from its name, as Riberry did for artifacts. */
public final class ContentTypes {

    private static final String DEFAULT = "application/octet-stream";
    // The JDK's table lacks some types workflows commonly produce.
    private static final Map<String, String> EXTRA = Map.of(
            "csv", "text/csv", "json", "application/json", "log", "text/plain", "md", "text/markdown",
            "yaml", "application/yaml", "yml", "application/yaml", "pdf", "application/pdf");

    private ContentTypes() {
    }

    public static String ofFilename(final String filename) {
        final int dot = filename.lastIndexOf('.');
        if (dot >= 0) {
            final String known = EXTRA.get(filename.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        final String guessed = URLConnection.guessContentTypeFromName(filename);
        return guessed == null ? DEFAULT : guessed;
    }
}
