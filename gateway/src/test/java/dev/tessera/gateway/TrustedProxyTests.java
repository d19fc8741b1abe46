package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            "tessera.gateway.rate-limit.capacity=2",
            "tessera.gateway.rate-limit.period=1h",
            "tessera.passport.secrets=" + GatewayTestSupport.PASSPORT_SECRET
        })
class TrustedProxyTests {

    static final StubServer AUTH = StubServer.start();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
        registry.add("tessera.gateway.forum-uri", AUTH::uri);
    }

    @AfterAll
    static void stop() {
        AUTH.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> login(String forwardedFor) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                        .header("X-Forwarded-For", forwardedFor)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardedForWhenPeerIsTrustedProxyThenClientAddressTakenFromItAndSentOnce() throws Exception {
        AUTH.reset();

        login("203.0.113.7, 127.0.0.5");

        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/login");
        assertThat(received.header("X-Forwarded-For")).containsExactly("203.0.113.7");
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
