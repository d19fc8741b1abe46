package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Logging in while nothing listens at auth-service's address (docs/threat-model.md I1): a 503 problem (the
 * connection refused, not a 504 after a timeout), no cookies. In the {@link IntrospectionTest} context, whose
 * auth-service can be stopped, and where no other class logs in from loopback (the {@link GatewayTest} one has used up
 * loopback's login budget).
 */
@IntrospectionTest
class SessionWithoutAuthServiceTests {

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    @BeforeEach
    void authServiceDown() {
        StubUpstreams.INTROSPECTION.stop();
    }

    HttpRequest.Builder request(String path) {
        return gateway.request(path);
    }

    @Test
    void loginWhenAuthServiceDownThenServiceUnavailableProblemNotGatewayTimeout() throws Exception {
        HttpResponse<String> response = gateway.send(request("/api/session/login")
                .header("Origin", TestTokens.ISSUER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"x\"}")));

        // 503 is the refused connection itself, answered at once; a wait for the response timeout would be 504.
        assertProblem(response, 503);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void refreshWhenAuthServiceDownThenServiceUnavailableAndCookiesKept() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = gateway.send(request("/api/session/refresh")
                .header("Cookie", "tessera_refresh=some-refresh-token; tessera_csrf=" + csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 503);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void logoutWhenAuthServiceDownThenCookiesClearedAnyway() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = gateway.send(request("/api/session/logout")
                .header("Cookie", "tessera_refresh=some-refresh-token; tessera_csrf=" + csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 503);
        assertThat(response.headers().allValues("Set-Cookie"))
                .hasSize(3)
                .allSatisfy(cookie -> assertThat(cookie).contains("Max-Age=0"));
    }
}
