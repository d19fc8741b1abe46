package dev.tessera.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A printed figure, no timed assertion (not part of the suite; run it with {@code -Dtest=SlowClientsFigure}):
 * slow clients from four addresses each try to hold 80 connections, dribbling unfinished request heads, while
 * ordinary requests from another address are timed. Default connection settings (10 s head, 64 per address).
 */
// The shared header with the gateway's default timeouts and limits back (the shared contexts shorten them).
@GatewayTest
@TestPropertySource(
        properties = {
            "tessera.gateway.access-log.enabled=false",
            "tessera.gateway.response-timeout=10s",
            "tessera.gateway.connect-timeout=2s",
            "tessera.gateway.rate-limit.capacity=10",
            "tessera.gateway.rate-limit.period=1m"
        })
class SlowClientsFigure {

    static final StubServer FORUM = StubServer.start();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.routes.forum.uri", FORUM::uri);
        registry.add("tessera.gateway.auth-uri", () -> "http://127.0.0.1:" + GatewayTestSupport.closedPort());
        registry.add("tessera.gateway.jwt.jwks-uri", () -> "http://127.0.0.1:1/.well-known/jwks.json");
    }

    @LocalServerPort
    int port;

    @Test
    void printHeldSlowConnectionsAndOrdinaryLatency() throws Exception {
        for (int i = 0; i < 50; i++) {
            SlowClientTests.ordinaryRequest("127.0.0.2", port);
        }
        long[] alone = new long[300];
        for (int i = 0; i < alone.length; i++) {
            long started = System.nanoTime();
            SlowClientTests.ordinaryRequest("127.0.0.2", port);
            alone[i] = System.nanoTime() - started;
        }
        Arrays.sort(alone);
        List<Socket> slow = new ArrayList<>();
        for (int address = 1; address <= 4; address++) {
            for (int i = 0; i < 80; i++) {
                Socket socket = SlowClientTests.connect("127.0.1." + address, port);
                socket.getOutputStream()
                        .write("GET /api/forum/threads HTTP/1.1\r\nHost: x\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
        }
        Thread.sleep(200);
        int heldAtStart = held(slow);
        long began = System.nanoTime();
        long[] nanos = new long[300];
        for (int i = 0; i < nanos.length; i++) {
            for (Socket socket : slow) {
                dribble(socket);
            }
            long started = System.nanoTime();
            SlowClientTests.ordinaryRequest("127.0.0.2", port);
            nanos[i] = System.nanoTime() - started;
        }
        long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
        int heldAtEnd = held(slow);
        Arrays.sort(nanos);
        System.out.printf(
                "SlowClientsFigure: %d slow connections attempted from 4 addresses, %d held (cap 64 per address),"
                        + " %d still open after %d ms of dribbling (head timeout 10 s); ordinary requests (new"
                        + " connection each, %d) alone: p50 %.2f ms, p90 %.2f ms; meanwhile: p50 %.2f ms, p90 %.2f ms,"
                        + " max %.2f ms%n",
                slow.size(),
                heldAtStart,
                heldAtEnd,
                elapsedMillis,
                nanos.length,
                alone[alone.length / 2] / 1e6,
                alone[alone.length * 9 / 10] / 1e6,
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6,
                nanos[nanos.length - 1] / 1e6);
        for (Socket socket : slow) {
            socket.close();
        }
    }

    private static int held(List<Socket> sockets) throws IOException {
        int held = 0;
        for (Socket socket : sockets) {
            if (!SlowClientTests.closedWithin(socket, Duration.ofMillis(1))) {
                held++;
            }
        }
        return held;
    }

    private static void dribble(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write('a');
            out.flush();
        } catch (IOException closedByTheGateway) {
            // refused beyond the cap
        }
    }
}
