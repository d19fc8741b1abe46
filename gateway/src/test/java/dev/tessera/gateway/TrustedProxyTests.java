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

/**
 * A gateway behind a trusted proxy (all of loopback is configured as one, so the test client is). The clients' addresses
 * are TEST-NET-1's (192.0.2.0/24): the other tests of this context speak for TEST-NET-2's.
 */
@EdgeTest
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

        login("192.0.2.7, 127.0.0.5");

        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/login");
        assertThat(received.header("X-Forwarded-For")).isEmpty();
        assertThat(new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service")
                        .verify(received.header("X-Tessera-Passport").get(0), "POST", "/auth/login")
                        .clientAddress())
                .isEqualTo("192.0.2.7");
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
        // The budget of this context is 3 logins per client (GatewayTest).
        for (int i = 0; i < 3; i++) {
            assertThat(login("192.0.2.20").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = login("192.0.2.20");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(login("192.0.2.21").statusCode()).isEqualTo(200);
    }
}
