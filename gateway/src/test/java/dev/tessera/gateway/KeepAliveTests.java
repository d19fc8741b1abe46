package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/threat-model.md K1: on one kept-alive connection, a request the gateway refuses itself (401, 404, 400)
 * followed by an ordinary read is answered every time.
 *
 * <p>reactor-netty 1.3.6 stalled such a connection in about 2 of 1,000 pairs (reactor-netty #4361: a
 * request that arrives while the previous one is still terminating is queued, and when the queued one is
 * answered synchronously the queue drained without re-arming the read). The pairs below are written the
 * way browsers and client pools reuse connections: the next request as soon as the answer is read.
 */
@GatewayTest
class KeepAliveTests extends GatewayTestSupport {

    private static final int PAIRS = 2_000;

    @Test
    void refusalThenReadOnOneConnectionWhenRepeatedThousandsOfTimesThenEveryRequestIsAnswered() throws Exception {
        List<String> refusals = List.of(
                request("POST", "/api/forum/threads", "Authorization: Bearer not-a-token\r\n"),
                request("POST", "/api/forum/threads", ""),
                request("GET", "/no/such/route", ""),
                request("GET", "/api/forum/%2e%2e/threads", ""));
        List<Integer> refusalStatuses = List.of(401, 401, 404, 400);
        String read = request("GET", "/api/forum/threads", "");
        List<String> failures = new ArrayList<>();

        try (RawConnection connection = new RawConnection(port)) {
            for (int i = 0; i < PAIRS && failures.isEmpty(); i++) {
                int kind = i % refusals.size();
                int refused = connection.exchange(refusals.get(kind));
                int answered = connection.exchange(read);
                if (refused != refusalStatuses.get(kind) || answered != 200) {
                    failures.add(
                            "pair " + i + " of " + PAIRS + ": " + refused + " then " + answered + " (-1: no answer)");
                }
            }
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void rawConnectionWhenServerNeverAnswersThenReportsTheTimeout() throws Exception {
        // The check above can fail only if a stalled answer shows as -1: prove it against a silent server.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0);
                RawConnection connection = new RawConnection(silent.getLocalPort())) {
            assertThat(connection.exchange(request("GET", "/", ""))).isEqualTo(-1);
        }
    }

    private static String request(String method, String path, String extraHeaders) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                + ("POST".equals(method) ? "Content-Length: 0\r\n" : "") + "\r\n";
    }
}
