package io.riberry.platform.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One open server-sent-events answer. Sending never blocks and holds no thread while the client
 * is connected: a frame is queued and written when the previous write completed (Jetty allows one
 * write at a time). A client that reads slower than it is sent to is cut off once
 * {@link #MAX_PENDING_CHARS} wait unsent; its browser reconnects and fetches afresh, which is
 * cheaper for everyone than buffering without end.
 */
public final class EventSink {

    static final int MAX_PENDING_CHARS = 256 * 1024;

    private final Response response;
    private final Callback exchange;
    private final StringBuilder pending = new StringBuilder();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private boolean writing;
    private boolean closing;
    private boolean closed;

    EventSink(final Response response, final Callback exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    /** Queues one event; {@code data} is JSON (one line). Answers false when the stream is closed. */
    public boolean send(final String event, final String data) {
        return enqueue("event: " + event + "\ndata: " + data + "\n\n");
    }

    /** A comment line: keeps proxies and the server's idle timeout from closing a quiet stream, and finds dead clients. */
    public boolean keepAlive() {
        return enqueue(": keep-alive\n\n");
    }

    /** Ends the stream after what is queued; the browser's EventSource reconnects by itself. */
    public synchronized void close() {
        if (closed || closing) {
            return;
        }
        closing = true;
        if (!writing) {
            finish();
        }
    }

    public synchronized boolean isOpen() {
        return !closed && !closing;
    }

    /** Runs {@code listener} once when the stream ends, however it ends (now, if it already has). */
    public void onClose(final Runnable listener) {
        synchronized (this) {
            if (!closed) {
                closeListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    private synchronized boolean enqueue(final String frame) {
        if (closed || closing) {
            return false;
        }
        pending.append(frame);
        if (pending.length() > MAX_PENDING_CHARS) {
            pending.setLength(0);
            fail(new IllegalStateException("the client reads too slowly"));
            return false;
        }
        if (!writing) {
            writePending();
        }
        return true;
    }

    private void writePending() {
        writing = true;
        final ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        response.write(false, bytes, Callback.from(this::written, this::fail));
    }

    private synchronized void written() {
        writing = false;
        if (closed) {
            return;
        }
        if (pending.length() > 0) {
            writePending();
        } else if (closing) {
            finish();
        }
    }

    private void finish() {
        closed = true;
        response.write(true, ByteBuffer.allocate(0), exchange);
        notifyClosed();
    }

    private void fail(final Throwable failure) {
        final boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            closed = true;
            writing = false;
        }
        if (!wasClosed) {
            exchange.failed(failure);
            notifyClosed();
        }
    }

    private void notifyClosed() {
        final List<Runnable> listeners;
        synchronized (this) {
            listeners = List.copyOf(closeListeners);
            closeListeners.clear();
        }
        listeners.forEach(Runnable::run);
    }
}
