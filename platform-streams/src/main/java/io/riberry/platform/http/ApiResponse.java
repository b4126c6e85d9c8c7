package io.riberry.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer: status, headers and a body written to the client's stream (so large bodies can
 * stream). {@code contentLength} is exact, or negative when unknown (sent chunked).
 */
public record ApiResponse(int status, Map<String, String> headers, long contentLength, BodyWriter body) {

    /** Writes the body; called once, after the headers are sent. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static final String JSON = "application/json";

    /**
     * The body of a server-sent-events answer: the server sends the headers, then hands the open
     * stream to {@link #opened} and returns its thread; the stream stays open until it is closed
     * or the client goes away.
     */
    @FunctionalInterface
    public interface EventStream extends BodyWriter {
        void opened(EventSink sink);

        @Override
        default void writeTo(final OutputStream out) {
            throw new UnsupportedOperationException("an event stream is not written at once");
        }
    }

    /** A {@code text/event-stream} answer whose events {@code stream} sends as they happen. */
    public static ApiResponse eventStream(final EventStream stream) {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        // A proxy that buffers answers (nginx does by default) would hold the events back.
        headers.put("X-Accel-Buffering", "no");
        return new ApiResponse(200, headers, -1, stream);
    }

    public static ApiResponse json(final int status, final Object value) {
        return json(status, value, JSON);
    }

    public static ApiResponse json(final int status, final Object value, final String contentType) {
        try {
            final byte[] bytes = Json.MAPPER.writeValueAsBytes(value);
            return bytes(status, bytes, contentType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON answer", e);
        }
    }

    public static ApiResponse bytes(final int status, final byte[] bytes, final String contentType) {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new ApiResponse(status, headers, bytes.length, out -> out.write(bytes));
    }

    public static ApiResponse text(final int status, final String text, final String contentType) {
        return bytes(status, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
    }

    /**
     * The same answer as a download of user-supplied bytes (an input file, an artifact): never
     * rendered by the browser in the platform's origin, where a crafted HTML or SVG file would run
     * with the viewer's session. Saved as an attachment, its type never sniffed, and sandboxed
     * with no script should a browser render it anyway.
     */
    public ApiResponse asDownload(final String filename) {
        return withHeader("Content-Disposition", ContentDisposition.attachment(filename))
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .withHeader("Cache-Control", "private, no-store");
    }

    public ApiResponse withHeader(final String name, final String value) {
        final Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, contentLength, body);
    }
}
