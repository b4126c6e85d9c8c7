package io.riberry.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network cut in front of a real server (a registry, say): it forwards every connection to the
 * target while open; {@link #cut()} drops every connection and refuses new ones, as a server that
 * went away does, and {@link #open()} listens again on the same port. The server behind it keeps
 * running: the test decides what the client sees, nothing is faked.
 */
public final class TcpGate implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpGate(final int targetPort, final int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A gate on a free port forwarding to {@code 127.0.0.1:targetPort}; {@code open} says whether it starts open. */
    public static TcpGate to(final int targetPort, final boolean open) {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final TcpGate gate = new TcpGate(targetPort, port);
        if (open) {
            gate.open();
        }
        return gate;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void open() {
        if (listener != null) {
            return;
        }
        try {
            final ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            final Thread acceptor = new Thread(() -> accept(server), "tcp-gate-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
    }

    public synchronized void cut() {
        final ServerSocket server = listener;
        listener = null;
        if (server != null) {
            closeQuietly(server);
        }
        sockets.forEach(TcpGate::closeQuietly);
        sockets.clear();
    }

    private void accept(final ServerSocket server) {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                final Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(final Socket from, final Socket to) {
        final Thread thread = new Thread(() -> {
            final byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The gate was cut, or a side closed: the other side goes too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-gate-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is all that is wanted.
        }
    }

    @Override
    public void close() {
        cut();
    }
}
