package dev.tessera.forum;

import static dev.tessera.forum.BadInputTests.assertProblem;
import static dev.tessera.forum.ForumClient.anonymous;
import static dev.tessera.forum.ForumClient.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The framework's own errors are problem details too, with no internals. */
@ForumTest
class ProblemDetailsTests {

    @LocalServerPort
    int port;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    @Test
    void requestWhenPathUnknownThenNotFoundProblem() {
        assertProblem(forum.get("/no/such/thing", anonymous()), 404);
    }

    @Test
    void problemWhenGatewaySentRequestIdThenNamesItAndJunkIsReplaced() {
        String path = "/threads/00000000-0000-0000-0000-000000000000";

        Reply withId = forum.get(path, anonymous(), "X-Request-Id", "req-4711.a_b");
        Reply withJunk = forum.get(path, anonymous(), "X-Request-Id", "<script>alert(1)</script>");

        assertProblem(withId, 404);
        assertThat(withId.json().get("requestId").asString()).isEqualTo("req-4711.a_b");
        assertProblem(withJunk, 404);
        // Junk is never echoed: the problem names a fresh id (the one on the request's log lines).
        assertThat(withJunk.json().get("requestId").asString()).matches("[0-9a-f-]{36}");
        assertThat(withJunk.text()).doesNotContain("script");
    }

    @Test
    void errorPathWhenRequestedDirectlyThenNotFoundProblem() {
        Reply reply = forum.get("/error", anonymous());
        assertProblem(reply, 404);
    }

    @Test
    void responseWhenAnyThenBrowsersMayNotSniffFrameOrRunIt() {
        Reply data = forum.get("/threads", anonymous());
        Reply refused = forum.exchange("GET", "/threads", null, null, null, null);

        for (Reply reply : new Reply[] {data, refused}) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'");
        }
    }

    @Test
    void requestWhenMethodNotAllowedThenProblemWithAllow() {
        Reply reply = forum.send("PUT", "/threads", member("ada"), "{}", "application/json", null);

        assertProblem(reply, 405);
        assertThat(reply.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void requestWhenMalformedBeforeReachingSpringThenProblemWithoutServerDetails() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /threads/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(response)
                    .contains("\"status\":400", "\"title\":\"Bad Request\"")
                    .doesNotContainIgnoringCase("tomcat");
        }
    }
}
