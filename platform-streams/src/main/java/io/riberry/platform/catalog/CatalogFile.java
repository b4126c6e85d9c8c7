package io.riberry.platform.catalog;

import io.riberry.schema.CatalogEntry;
import io.riberry.schema.InstanceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the catalog YAML a user edits ({@code config/catalog.yaml}): applications, their
 * instances (with the schedules of their dynamic parameters) and forms (with their cron job
 * schedules). {@link #parse} answers the whole {@link CatalogDocument} with every problem and
 * where it is; {@link #read} answers the entries keyed by entity id, in file order, or throws.
 */
public final class CatalogFile {

    private CatalogFile() {
    }

    public static CatalogDocument parse(final Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CatalogFileParser.parse(reader, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a catalog from {@code in}; {@code source} names it in problems. */
    public static CatalogDocument parse(final InputStream in, final String source) {
        return CatalogFileParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), source);
    }

    /** The entries of a catalog file; an {@link InvalidCatalogException} lists every problem. */
    public static Map<String, CatalogEntry> read(final Path file) {
        return parse(file).entriesOrThrow();
    }

    /** The entries of a catalog read from {@code in}; {@code source} names it in problems. */
    public static Map<String, CatalogEntry> read(final InputStream in, final String source) {
        return parse(in, source).entriesOrThrow();
    }

    /** Instance names of a catalog, e.g. to create their dispatch topics. */
    public static List<String> instances(final Map<String, CatalogEntry> entries) {
        return entries.values().stream()
                .filter(e -> e.getEntity() instanceof InstanceDefinition)
                .map(e -> ((InstanceDefinition) e.getEntity()).getName())
                .toList();
    }
}
