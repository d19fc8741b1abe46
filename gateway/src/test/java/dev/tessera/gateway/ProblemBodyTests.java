package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 8a: the gateway's problem bodies never echo the request path (no {@code instance}, no {@code
 * path}), whatever refused the request; the request id is kept.
 */
@EdgeTest
class ProblemBodyTests extends EdgeTestSupport {

    private static void assertNoEcho(HttpResponse<String> response, int status) {
        assertProblem(response, status);
        assertThat(response.body())
                .doesNotContain("echo-marker")
                .doesNotContain("\"instance\"")
                .doesNotContain("\"path\"");
    }

    @Test
    void refusalsWhenAnyReasonThenBodyHasRequestIdButNotThePath() throws Exception {
        assertNoEcho(send(request("/no-such-echo-marker").GET()), 404);
        assertNoEcho(send(request("/api/forum/echo-marker;x").GET()), 400);
        assertNoEcho(send(request("/api/forum/echo-marker").method("FOO", HttpRequest.BodyPublishers.noBody())), 405);
        assertNoEcho(send(request("/api/forum/echo-marker").POST(HttpRequest.BodyPublishers.ofString("{}"))), 401);
        assertNoEcho(send(request("/echo-marker.js").GET()), 404);
        assertNoEcho(
                send(request("/api/forum/echo-marker")
                        .header("X-Request-Id", "keep-me-1")
                        .header("Authorization", "Bearer not.a.token")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))),
                401);
        assertThat(send(request("/no-such-echo-marker")
                                .header("X-Request-Id", "keep-me-2")
                                .GET())
                        .body())
                .contains("\"requestId\":\"keep-me-2\"");
    }
}
