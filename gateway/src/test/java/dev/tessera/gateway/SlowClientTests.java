package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 13, item 1: a request head that never ends is cut off after {@code header-read-timeout}, and a body that
 * never ends after {@code body-read-timeout}, however slowly they dribble in, and one client address holds at most {@code max-per-address} connections while other clients
 * are still answered.
 */
// Its own context: timeouts of a second and four connections per address, so the tests wait little; the shared
// contexts keep the defaults, and their clients hold many pooled connections.
@GatewayTest
@TestPropertySource(
        properties = {
            "tessera.gateway.connections.header-read-timeout=1s",
            "tessera.gateway.connections.body-read-timeout=1s",
            "tessera.gateway.connections.idle-timeout=30s",
            "tessera.gateway.connections.max-per-address=4"
        })
class SlowClientTests {

    static final StubServer FORUM = StubUpstreams.FORUM;

    @LocalServerPort
    int port;

    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void forgetEarlierRequests() {
        StubUpstreams.restoreDefaults();
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    static Socket connect(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Whether the gateway closed the connection within the time (end of stream or reset). */
    static boolean closedWithin(Socket socket, Duration time) throws IOException {
        socket.setSoTimeout((int) time.toMillis());
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // an answer (none expected) is drained until the close
            }
            return true;
        } catch (SocketTimeoutException ex) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Status of one ordinary request on a fresh connection from the address. */
    static int ordinaryRequest(String localAddress, int port) throws IOException {
        try (RawConnection connection = new RawConnection(connect(localAddress, port))) {
            return connection.exchange("GET /api/forum/threads HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
    }

    /**
     * Sends one byte every 200 ms, never idle and never done, for at most 8 s; whether the gateway closed the
     * connection meanwhile (end of stream or reset).
     */
    static boolean dribbleUntilClosed(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        socket.setSoTimeout(200);
        try {
            for (int i = 0; i < 40; i++) {
                out.write('a');
                out.flush();
                try {
                    if (socket.getInputStream().read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // keep dribbling
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void headWhenNeverFinishedThoughBytesKeepComingThenClosedAfterHeaderReadTimeout() throws Exception {
        Socket socket = connect("127.0.0.1", port);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        long started = System.nanoTime();
        out.write("GET /api/forum/threads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        boolean closed = dribbleUntilClosed(socket);
        Duration open = Duration.ofNanos(System.nanoTime() - started);

        assertThat(closed).as("closed by the gateway").isTrue();
        // Not at once: the 1 s read timeout closed it. No upper bound but the dribble's 8 s (idle timeout 30 s).
        assertThat(open).isGreaterThan(Duration.ofMillis(800));
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void bodyWhenNeverFinishedThoughBytesKeepComingThenClosedAfterBodyReadTimeout() throws Exception {
        Socket socket = connect("127.0.0.1", port);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET /api/forum/threads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long started = System.nanoTime();
        boolean closed = dribbleUntilClosed(socket);
        Duration open = Duration.ofNanos(System.nanoTime() - started);

        assertThat(closed).as("closed by the gateway").isTrue();
        // Not at once: the 1 s read timeout closed it. No upper bound but the dribble's 8 s (idle timeout 30 s).
        assertThat(open).isGreaterThan(Duration.ofMillis(800));
        assertThat(ordinaryRequest("127.0.0.1", port))
                .as("others still answered")
                .isEqualTo(200);
    }

    @Test
    void connectionsWhenMoreThanMaxFromOneAddressThenFurtherClosedWhileOthersAnswered() throws Exception {
        for (int i = 0; i < 4; i++) {
            Socket held = connect("127.0.0.3", port);
            sockets.add(held);
            assertThat(closedWithin(held, Duration.ofMillis(100))).isFalse();
        }

        Socket fifth = connect("127.0.0.3", port);
        sockets.add(fifth);
        fifth.getOutputStream()
                .write("GET /api/forum/threads HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));

        // Refused at once; the bound is only a hang guard, far below the 30 s idle timeout that would close it.
        assertThat(closedWithin(fifth, Duration.ofSeconds(10))).isTrue();
        assertThat(ordinaryRequest("127.0.0.2", port)).isEqualTo(200);

        sockets.remove(0).close();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int status = -1;
        while (status != 200 && System.nanoTime() < deadline) {
            try {
                status = ordinaryRequest("127.0.0.3", port);
            } catch (IOException refusedUntilTheCloseIsSeen) {
                Thread.sleep(50);
            }
        }
        assertThat(status).as("a slot freed by a close is usable again").isEqualTo(200);
    }
}
