package io.riberry.sdk;

import io.riberry.schema.ArtifactType;
import java.util.Map;

/** What an artifact is: its name, file name (which sets its content type), type, category and data pairs. */
public record Artifact(String name, String filename, ArtifactType type, String category, Map<String, String> data, String stream) {

    public static final String DEFAULT_CATEGORY = "Default";

    public static Artifact output(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.OUTPUT, DEFAULT_CATEGORY, Map.of(), null);
    }

    public static Artifact report(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.REPORT, DEFAULT_CATEGORY, Map.of(), null);
    }

    public static Artifact error(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.ERROR, DEFAULT_CATEGORY, Map.of(), null);
    }

    public Artifact withCategory(final String newCategory) {
        return new Artifact(name, filename, type, newCategory, data, stream);
    }

    /** Key-value pairs shown with the artifact (a title, a description, ...). */
    public Artifact withData(final Map<String, String> newData) {
        return new Artifact(name, filename, type, category, Map.copyOf(newData), stream);
    }

    /** The stream that produced it. */
    public Artifact inStream(final String newStream) {
        return new Artifact(name, filename, type, category, data, newStream);
    }
}
