package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** A gateway behind a trusted proxy (the test client's loopback address is configured as one). */
// Its own context: all of loopback is a trusted proxy and the login budget is 2 (EdgeTest trusts 127.0.0.1 only and
// allows 3).
@GatewayTest
@ContextConfiguration(initializers = StubUpstreams.WithAuthService.class)
@TestPropertySource(
        properties = {"tessera.gateway.trusted-proxies=127.0.0.0/8", "tessera.gateway.rate-limit.capacity=2"})
class TrustedProxyTests {

    static final StubServer AUTH = StubUpstreams.AUTH;

    @BeforeEach
    void restoreStubs() {
        StubUpstreams.restoreDefaults();
    }

    @LocalServerPort
    int port;

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    private HttpResponse<String> login(String forwardedFor) throws Exception {
        return gateway.send(gateway.request("/api/auth/login")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void forwardedForWhenPeerIsTrustedProxyThenClientAddressTakenFromItAndSignedInThePassport() throws Exception {
        AUTH.reset();

        login("203.0.113.7, 127.0.0.5");

        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/login");
        assertThat(received.header("X-Forwarded-For")).isEmpty();
        assertThat(new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service")
                        .verify(received.header("X-Tessera-Passport").get(0), "POST", "/auth/login")
                        .clientAddress())
                .isEqualTo("203.0.113.7");
    }

    @Test
    void cookieTokenWhenUnsafePublicRequestWithoutCsrfThenPassportIsAnonymous() throws Exception {
        AUTH.reset();
        String token = TestTokens.valid();

        HttpResponse<String> response = gateway.send(gateway.request("/api/auth/logout")
                .header("Cookie", "tessera_access=" + token)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        Passport passport = new PassportVerifier(
                        PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service")
                .verify(received.header("X-Tessera-Passport").get(0), "POST", "/auth/logout");
        assertThat(passport.isAuthenticated()).isFalse();
        assertThat(String.join(";", received.header("Cookie"))).doesNotContain(token);
    }

    @Test
    void loginRateLimitWhenBehindTrustedProxyThenCountedPerForwardedClient() throws Exception {
        assertThat(login("198.51.100.20").statusCode()).isEqualTo(200);
        assertThat(login("198.51.100.20").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = login("198.51.100.20");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(login("198.51.100.21").statusCode()).isEqualTo(200);
    }
}
