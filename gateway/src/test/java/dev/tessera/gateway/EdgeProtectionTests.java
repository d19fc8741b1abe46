package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** CSRF for cookie authentication, login rate limit, and upstream faults, through real HTTP. */
@GatewayTest
class EdgeProtectionTests extends GatewayTestSupport {

    private static final String CSRF = "c2VjcmV0LWNzcmYtdG9rZW4tMTIzNDU2";

    private HttpRequest.Builder cookiePost(String token) {
        return request("/api/forum/threads")
                .header("Cookie", "tessera_access=" + token + "; tessera_csrf=" + CSRF)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    void cookieAuthenticatedPostWhenCsrfHeaderMissingThenForbidden() throws Exception {
        HttpResponse<String> response = send(cookiePost(TestTokens.valid()));

        assertProblem(response, 403);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void cookieAuthenticatedPostWhenCsrfHeaderMatchesAndSameOriginThenForwarded() throws Exception {
        HttpResponse<String> response = send(
                cookiePost(TestTokens.valid()).header("X-Tessera-CSRF", CSRF).header("Origin", TestTokens.ISSUER));

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received.header("X-Tessera-CSRF")).isEmpty();
    }

    @Test
    void cookieAuthenticatedPostWhenForeignOriginThenForbidden() throws Exception {
        HttpResponse<String> response = send(
                cookiePost(TestTokens.valid()).header("X-Tessera-CSRF", CSRF).header("Origin", "https://evil.example"));

        assertProblem(response, 403);
    }

    @Test
    void cookieAuthenticatedPostWhenCsrfHeaderDiffersThenForbidden() throws Exception {
        assertProblem(send(cookiePost(TestTokens.valid()).header("X-Tessera-CSRF", CSRF + "x")), 403);
    }

    @Test
    void bearerAuthenticatedPostWhenNoCsrfTokenThenForwarded() throws Exception {
        assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void cookieAuthenticatedGetWhenNoCsrfTokenThenForwarded() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Cookie", "tessera_access=" + TestTokens.valid())
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void loginWhenTooManyFromOneAddressThenTooManyRequestsWithRetryAfterEvenWithSpoofedForwardedFor() throws Exception {
        int limited = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = send(request("/api/auth/login")
                    .header("X-Forwarded-For", "198.51.100." + i)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            if (last.statusCode() == 429) {
                limited++;
            }
        }

        assertThat(limited).isEqualTo(3);
        assertProblem(last, 429);
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
    }

    @Test
    void authServiceDownWhenRoutedThenServiceUnavailableNotGatewayTimeout() throws Exception {
        HttpResponse<String> response = send(request("/.well-known/jwks.json").GET());

        // 503 is the refused connection itself; waiting for the response timeout would have been 504.
        assertProblem(response, 503);
    }

    @Test
    void upstreamSlowWhenBeyondResponseTimeoutThenGatewayTimeout() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/slow").GET());

        // The stub took the request and would have answered 200 after 5 s, beyond the 1 s response timeout:
        // a 504 can only be the gateway giving up on it.
        assertProblem(response, 504);
        assertThat(FORUM.next().rawPath()).isEqualTo("/slow");
    }

    @Test
    void publicRouteWhenInvalidTokenThenAnonymousNot401() throws Exception {
        HttpResponse<String> response = get("/api/forum/threads", "garbage.token.here");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FORUM.next().header("X-Tessera-Passport")).hasSize(1);
    }
}
