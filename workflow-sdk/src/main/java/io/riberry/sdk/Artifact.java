package io.riberry.sdk;

import io.riberry.topics.ArtifactFilenames;
import io.riberry.topics.RecordLimits;
import java.util.Map;
import java.util.Objects;

/**
 * What an artifact is: its name, file name (which sets its content type when downloaded), type,
 * category and data pairs shown with it, and the stream that produced it, if any.
 *
 * @param name     the name shown to users
 * @param filename the file name it downloads as; its extension sets the content type
 * @param type     what it is for
 * @param category a grouping shown to users ({@value #DEFAULT_CATEGORY} unless set)
 * @param data     key-value pairs shown with it (a title, a description, ...)
 * @param stream   the stream that produced it, or null
 */
public record Artifact(String name, String filename, ArtifactType type, String category, Map<String, String> data, String stream) {

    /** The category of an artifact that names none. */
    public static final String DEFAULT_CATEGORY = "Default";

    /**
     * Checks the parts every artifact needs. The name and file name follow the rules of
     * {@link ArtifactFilenames}: a name is non-empty, at most {@value RecordLimits#MAX_NAME_CHARS}
     * characters, without control characters (C0, DEL, C1, NUL), bidirectional overrides or unpaired
     * surrogates; a file name is all that and one path segment too: no {@code /} or {@code \},
     * not {@code .}, not starting with {@code ..}, at most {@value ArtifactFilenames#MAX_FILENAME_BYTES}
     * bytes in UTF-8. A user downloads it under that name, so it must be safe to create.
     *
     * @param name     the name shown to users
     * @param filename the file name it downloads as; its extension sets the content type
     * @param type     what it is for
     * @param category a grouping shown to users
     * @param data     key-value pairs shown with it
     * @param stream   the stream that produced it, or null
     * @throws NullPointerException if name, filename, type, category or data is null
     * @throws IllegalArgumentException if the name or the file name breaks those rules; the message says which and why
     */
    public Artifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filename, "filename");
        final String nameProblem = ArtifactFilenames.nameProblem(name);
        if (nameProblem != null) {
            throw new IllegalArgumentException("Artifact name " + RecordLimits.quote(ArtifactFilenames.printable(name)) + " " + nameProblem);
        }
        final String filenameProblem = ArtifactFilenames.filenameProblem(filename);
        if (filenameProblem != null) {
            throw new IllegalArgumentException("Artifact filename " + RecordLimits.quote(ArtifactFilenames.printable(filename)) + " "
                    + filenameProblem);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(category, "category");
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }

    /**
     * A result of the workflow.
     *
     * @param name     the name shown to users
     * @param filename the file name it downloads as
     * @return the artifact, of category {@value #DEFAULT_CATEGORY}
     * @throws IllegalArgumentException if the name or file name is not one an artifact may have (see the constructor)
     */
    public static Artifact output(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.OUTPUT, DEFAULT_CATEGORY, Map.of(), null);
    }

    /**
     * A human-readable account of the run.
     *
     * @param name     the name shown to users
     * @param filename the file name it downloads as
     * @return the artifact, of category {@value #DEFAULT_CATEGORY}
     * @throws IllegalArgumentException if the name or file name is not one an artifact may have (see the constructor)
     */
    public static Artifact report(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.REPORT, DEFAULT_CATEGORY, Map.of(), null);
    }

    /**
     * A failure's details.
     *
     * @param name     the name shown to users
     * @param filename the file name it downloads as
     * @return the artifact, of category {@value #DEFAULT_CATEGORY}
     * @throws IllegalArgumentException if the name or file name is not one an artifact may have (see the constructor)
     */
    public static Artifact error(final String name, final String filename) {
        return new Artifact(name, filename, ArtifactType.ERROR, DEFAULT_CATEGORY, Map.of(), null);
    }

    /**
     * The same artifact in another category.
     *
     * @param newCategory the category
     * @return a copy with that category
     */
    public Artifact withCategory(final String newCategory) {
        return new Artifact(name, filename, type, newCategory, data, stream);
    }

    /**
     * The same artifact with these data pairs.
     *
     * @param newData key-value pairs shown with the artifact (a title, a description, ...)
     * @return a copy with those pairs
     */
    public Artifact withData(final Map<String, String> newData) {
        return new Artifact(name, filename, type, category, newData, stream);
    }

    /**
     * The same artifact, produced by a stream.
     *
     * @param newStream the stream's name
     * @return a copy naming that stream
     */
    public Artifact inStream(final String newStream) {
        return new Artifact(name, filename, type, category, data, newStream);
    }
}
