package dev.tessera.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a free loopback port that speaks raw TCP, for what the JDK server cannot do (drop a request
 * without an answer, reset a connection): each connection goes to the handler on a daemon thread of its own, and is
 * closed when the handler returns.
 */
final class RawUpstream implements AutoCloseable {

    /** Serves one connection. */
    interface Handler {

        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();

    private RawUpstream(ServerSocket server, Handler handler) {
        this.server = server;
        this.handler = handler;
    }

    static RawUpstream start(String name, Handler handler) {
        try {
            RawUpstream upstream = new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
            Thread acceptor = new Thread(() -> upstream.accept(name), name);
            acceptor.setDaemon(true);
            acceptor.start();
            return upstream;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String uri() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept(String name) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket), name + "-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            handler.serve(socket);
        } catch (IOException ignored) {
            // the gateway closed the connection first: nothing to do
        }
    }

    /** Reads one request head, up to and including its empty line. */
    static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a full request head");
            }
            matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
