package io.riberry.sdk;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A file given to the job as an input. Its content is read as a stream; {@link #bytes()} copies
 * it whole, for small files.
 */
public final class InputFile {

    private final String name;
    private final String filename;
    private final ByteBuffer content;

    /**
     * @param name     the form's input name
     * @param filename the file's original name
     * @param content  its bytes (not copied: do not change them afterwards)
     */
    public InputFile(final String name, final String filename, final byte[] content) {
        this(name, filename, ByteBuffer.wrap(content));
    }

    InputFile(final String name, final String filename, final ByteBuffer content) {
        this.name = Objects.requireNonNull(name, "name");
        this.filename = Objects.requireNonNull(filename, "filename");
        this.content = content.asReadOnlyBuffer();
    }

    /** @return the form's input name */
    public String name() {
        return name;
    }

    /** @return the file's original name, as the user gave it */
    public String filename() {
        return filename;
    }

    /** @return its size in bytes */
    public long size() {
        return content.remaining();
    }

    /** @return a new stream over its content, from the start; closing it is optional */
    public InputStream openStream() {
        final ByteBuffer view = content.duplicate();
        if (view.hasArray()) {
            return new ByteArrayInputStream(view.array(), view.arrayOffset() + view.position(), view.remaining());
        }
        final byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return new ByteArrayInputStream(copy);
    }

    /** @return a copy of its content */
    public byte[] bytes() {
        final ByteBuffer view = content.duplicate();
        final byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return copy;
    }

    @Override
    public String toString() {
        return "InputFile[" + name + ": " + filename + ", " + size() + " bytes]";
    }
}
