package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The optional positive introspection cache: its staleness bound is its TTL, and only active answers count. */
// Its own context: the positive introspection cache is on (off by default, and in the other contexts).
@GatewayTest
@TestPropertySource(
        properties = {"tessera.gateway.introspection.timeout=1500ms", "tessera.gateway.introspection.cache-ttl=2s"})
class OpaqueTokenCacheTests {

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final IntrospectionStub AUTH = new IntrospectionStub();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
    }

    @AfterAll
    static void stopStub() {
        AUTH.stop();
    }

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    long exp;

    @BeforeEach
    void setUp() {
        StubUpstreams.restoreDefaults();
        AUTH.start();
        exp = Instant.now().plusSeconds(600).getEpochSecond();
        AUTH.active(
                UUID.randomUUID().toString(),
                "ada",
                "[\"USER\"]",
                exp,
                UUID.randomUUID().toString());
    }

    HttpResponse<String> post(String bearer) throws Exception {
        return gateway.send(gateway.request("/api/forum/threads")
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void cacheWhenRepeatedWithinTtlThenOneIntrospection() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        int before = AUTH.hits();

        for (int i = 0; i < 5; i++) {
            assertThat(post(token).statusCode()).isEqualTo(200);
        }

        assertThat(AUTH.hits() - before).isEqualTo(1);
    }

    @Test
    void cacheWhenSessionRevokedThenStillAcceptedAtMostTtlThenRefused() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        assertThat(post(token).statusCode()).isEqualTo(200);
        long cachedAt = System.nanoTime();

        AUTH.answer(200, "{\"active\":false}", Duration.ZERO);
        assertThat(post(token).statusCode()).isEqualTo(200);

        Thread.sleep(Math.max(
                0, 2100 - Duration.ofNanos(System.nanoTime() - cachedAt).toMillis()));
        assertInvalidToken(post(token), token);
    }

    @Test
    void cacheWhenInactiveAnswerThenRefusalRememberedForThatTokenOnly() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        AUTH.answer(200, "{\"active\":false}", Duration.ZERO);
        assertInvalidToken(post(token), token);

        AUTH.active(
                UUID.randomUUID().toString(),
                "ada",
                "[\"USER\"]",
                exp,
                UUID.randomUUID().toString());
        int before = AUTH.hits();
        // A refused token stays refused (auth-service issues tokens active; a refused one never becomes valid) ...
        assertInvalidToken(post(token), token);
        assertThat(AUTH.hits()).isEqualTo(before);
        // ... and a new login's token is asked about as ever.
        assertThat(post(OpaqueTokenTests.opaqueToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void cacheWhenAuthServiceDownThenCachedSessionsKeepWorkingWithinTtl() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        assertThat(post(token).statusCode()).isEqualTo(200);

        AUTH.stop();

        assertThat(post(token).statusCode()).isEqualTo(200);
        assertThat(post(OpaqueTokenTests.opaqueToken()).statusCode()).isEqualTo(503);
    }
}
