package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway never sends a request on a pooled upstream connection that has been idle longer than its upstreams keep
 * connections open (auth-service closes them after 5 s): a request written just as the upstream closes the idle
 * connection is lost (no answer, 502), which turned a clean-clone CI run red once (a registration after a pause).
 *
 * <p>The upstream here answers the first request on a connection and closes it without an answer on the second, the
 * way that race ends; the second request comes after the gateway's idle limit, so it must go on a new connection.
 */
// Its own context: a route to an upstream that drops every second request on a connection, which no other test
// may reach.
@GatewayTest
class UpstreamConnectionReuseTests extends GatewayTestSupport {

    private static final RawUpstream UPSTREAM = RawUpstream.start();

    @DynamicPropertySource
    static void probeRoute(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.routes.probe.uri", UPSTREAM::uri);
        registry.add("tessera.gateway.routes.probe.path", () -> "/api/probe");
        registry.add("tessera.gateway.routes.probe.audience", () -> "forum-service");
        registry.add("tessera.gateway.routes.probe.rules[0].pattern", () -> "/api/probe/**");
        registry.add("tessera.gateway.routes.probe.rules[0].methods[0]", () -> "GET");
        registry.add("tessera.gateway.routes.probe.rules[0].access", () -> "public");
    }

    @AfterAll
    static void stop() throws IOException {
        UPSTREAM.close();
    }

    @Test
    void requestWhenThePooledConnectionIdledLongerThanTheLimitThenANewConnectionCarriesIt() throws Exception {
        assertThat(get("/api/probe/first").statusCode()).isEqualTo(200);

        Thread.sleep(2_600); // beyond the pool's max-idle-time (2 s), below auth-service's keep-alive (5 s)

        HttpResponse<String> second = get("/api/probe/second");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(UPSTREAM.connections.get()).isEqualTo(2);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Answers the first request of each connection; the second one finds the connection closed. */
    private static final class RawUpstream implements AutoCloseable {

        final AtomicInteger connections = new AtomicInteger();

        private final ServerSocket server;

        private RawUpstream(ServerSocket server) {
            this.server = server;
        }

        static RawUpstream start() {
            try {
                RawUpstream upstream = new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
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
}
