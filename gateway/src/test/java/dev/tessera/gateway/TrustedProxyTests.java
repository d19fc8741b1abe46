package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway behind a trusted proxy (the test client's loopback address is configured as one). */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.gateway.trusted-proxies=127.0.0.0/8",
            "tessera.gateway.issuer=" + TestTokens.ISSUER,
            "tessera.gateway.rate-limit.capacity=2",
            "tessera.gateway.rate-limit.period=1h",
            "tessera.gateway.passport.keys.auth-service=" + GatewayTest.AUTH_PASSPORT_KEY,
            "tessera.gateway.passport.keys.forum-service=" + GatewayTest.FORUM_PASSPORT_KEY,
            "tessera.gateway.passport.keys.notification-service=" + GatewayTest.NOTIFY_PASSPORT_KEY
        })
class TrustedProxyTests {

    static final StubServer AUTH = StubServer.start();

    static final StubServer JWKS = StubServer.start();

    static {
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
        registry.add("tessera.gateway.routes.forum.uri", AUTH::uri);
        registry.add("tessera.gateway.jwt.jwks-uri", () -> JWKS.uri() + "/jwks.json");
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        JWKS.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> login(String forwardedFor) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                        .header("X-Forwarded-For", forwardedFor)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/logout"))
                        .header("Cookie", "tessera_access=" + token)
                        .header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

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
