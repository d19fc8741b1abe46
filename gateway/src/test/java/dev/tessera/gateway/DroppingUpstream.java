package dev.tessera.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers the first request of each connection and closes it without an answer on the second: the
 * way a request written just as the upstream closes an idle connection ends ({@link UpstreamConnectionReuseTests}).
 */
final class DroppingUpstream implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();

    private final ServerSocket server;

    private DroppingUpstream(ServerSocket server) {
        this.server = server;
    }

    static DroppingUpstream start() {
        try {
            DroppingUpstream upstream = new DroppingUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(upstream::accept, "raw-upstream");
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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread handler = new Thread(() -> serve(socket), "raw-upstream-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException ex) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readHead(in);
            // The second request on this connection: closed without an answer.
        } catch (IOException ignored) {
            // the gateway closed the connection first: nothing to do
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
