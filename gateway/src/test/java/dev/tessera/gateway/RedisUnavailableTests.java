package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The Redis mode with Redis gone (a port where nothing listens): an opaque session gets 503 problem+json with {@code
 * Retry-After} at once, never a 500 and never a hang; JWTs and public routes do not notice, and the {@code redis}
 * health component says DOWN without taking readiness with it.
 */
@GatewayTest
@TestPropertySource(properties = "tessera.gateway.introspection.mode=redis")
class RedisUnavailableTests extends GatewayTestSupport {

    @DynamicPropertySource
    static void nowhere(DynamicPropertyRegistry registry) {
        int port = closedPort();
        registry.add("spring.data.redis.port", () -> port);
    }

    @Test
    void opaqueTokenWhenRedisUnreachableThen503ProblemQuickly() throws Exception {
        long start = System.nanoTime();

        HttpResponse<String> response = protectedPost(OpaqueTokenTests.opaqueToken());

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        // Not a timing assertion on the figure: a hang would be the response timeout or more (no answer at all).
        assertThat(System.nanoTime() - start).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void jwtWhenRedisUnreachableThenServedAsUsual() throws Exception {
        String jwt = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims()
                        .subject("3f9a0c1e-0000-4000-8000-000000000001")
                        .claim("preferred_username", "ada")
                        .claim("roles", List.of("USER"))
                        .build());

        HttpResponse<String> response = protectedPost(jwt);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void healthWhenRedisUnreachableThenRedisDownAndReadinessUp() throws Exception {
        HttpResponse<String> health =
                management.send(management.request("/actuator/health").GET());
        HttpResponse<String> readiness =
                management.send(management.request("/actuator/health/readiness").GET());

        assertThat(tools.jackson.databind.json.JsonMapper.shared()
                        .readTree(health.body())
                        .at("/components/redis/status")
                        .asString())
                .isEqualTo("DOWN");
        assertThat(readiness.statusCode()).isEqualTo(200);
    }
}
