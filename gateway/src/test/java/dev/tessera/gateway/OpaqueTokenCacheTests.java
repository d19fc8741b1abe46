package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The optional positive introspection cache: its staleness bound is its TTL, and only active answers count. The
 * introspection's clock is {@link #CLOCK}, moved by the tests: the TTL is checked without sleeping, so a slow machine
 * cannot push a request past it.
 */
// Its own context: the positive introspection cache is on (off by default, and in the other contexts).
@GatewayTest
@Import(OpaqueTokenCacheTests.Clocks.class)
@TestPropertySource(
        properties = {"tessera.gateway.introspection.timeout=5s", "tessera.gateway.introspection.cache-ttl=2s"})
class OpaqueTokenCacheTests {

    static final MovableClock CLOCK = new MovableClock(Instant.now());

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        Clock introspectionClock() {
            return CLOCK;
        }
    }

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

        AUTH.answer(200, "{\"active\":false}", Duration.ZERO);
        CLOCK.advance(Duration.ofMillis(1900));
        assertThat(post(token).statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofMillis(200));
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
