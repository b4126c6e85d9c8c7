package io.riberry.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for the JVMs the CLI spawns on this machine (replicas, benchmarked workers). */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** A loopback port free now; the spawned process binds it a moment later. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
