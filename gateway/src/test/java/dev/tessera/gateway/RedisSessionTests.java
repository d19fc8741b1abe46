package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Scheme A read from Redis (issue 18, target 6) against the real Redis on 127.0.0.1:6379, under a key prefix of this
 * run only. The sessions are written here as auth-service writes them ({@code RedisSessionStore}: a hash under the
 * token's SHA-256 with the introspection answer, expiry, idle timeout and touch interval); auth-service itself is
 * down, so nothing but Redis can make a session work.
 */
@GatewayTest
// 2 s rather than the default 500 ms: the first look-up connects and loads the script, and a loaded 2-core CI machine
// took longer than 500 ms for it (503 where 401 was right).
@TestPropertySource(
        properties = {"tessera.gateway.introspection.mode=redis", "tessera.gateway.introspection.redis.timeout=2s"})
class RedisSessionTests extends GatewayTestSupport {

    private static final String PREFIX = "tessera-test:" + UUID.randomUUID() + ":";

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate redis;

    private final PassportVerifier forumVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service");

    String userId;

    String sid;

    long exp;

    @DynamicPropertySource
    static void prefix(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.introspection.redis.key-prefix", () -> PREFIX);
        registry.add("spring.data.redis.timeout", () -> "2s");
    }

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory("127.0.0.1", 6379);
        connections.afterPropertiesSet();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void removeKeys() {
        Set<String> keys = redis.keys(PREFIX + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
        connections.destroy();
    }

    @BeforeEach
    void newSession() {
        userId = UUID.randomUUID().toString();
        sid = UUID.randomUUID().toString();
        exp = Instant.now().plusSeconds(600).getEpochSecond();
    }

    @Test
    void opaqueTokenWhenSessionInRedisThenUpstreamGetsTheCallersPassportAndNoToken() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        write(token, exp, 900, 60);

        HttpResponse<String> response = protectedPost(token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received.header("Authorization")).isEmpty();
        Passport passport =
                forumVerifier.verify(received.header("X-Tessera-Passport").get(0), "POST", "/threads");
        assertThat(passport.userId()).isEqualTo(userId);
        assertThat(passport.username()).isEqualTo("ada");
        assertThat(passport.roles()).containsExactlyInAnyOrder("USER", "MODERATOR");
        assertThat(passport.sessionId()).isEqualTo(sid);
        assertThat(passport.tokenId()).isNotBlank().doesNotContain(token);
    }

    @Test
    void opaqueTokenWhenNoSessionInRedisThenInvalidToken() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void opaqueTokenWhenSessionDeletedThenRefusedOnTheVeryNextRequest() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        write(token, exp, 900, 60);
        assertThat(protectedPost(token).statusCode()).isEqualTo(200);

        redis.delete(key(token));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void opaqueTokenWhenPastItsExpiryThenInvalidTokenEvenIfTheKeyLingers() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        write(token, Instant.now().minusSeconds(1).getEpochSecond(), 900, 60);

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void opaqueTokenWhenUsedThenIdleTimeoutStartsAgainButOnlyOncePerTouchInterval() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        write(token, Instant.now().plusSeconds(3600).getEpochSecond(), 900, 60);
        // As if the session had been idle for 10 minutes: 5 minutes of its 15 are left.
        redis.expire(key(token), java.time.Duration.ofSeconds(300));

        assertThat(protectedPost(token).statusCode()).isEqualTo(200);

        assertThat(redis.getExpire(key(token))).isBetween(890L, 900L);
        // Within the touch interval a use writes nothing.
        redis.expire(key(token), java.time.Duration.ofSeconds(870));
        assertThat(protectedPost(token).statusCode()).isEqualTo(200);
        assertThat(redis.getExpire(key(token))).isBetween(860L, 870L);
    }

    @Test
    void opaqueTokenWhenSessionCloseToExpiryThenIdleTtlNeverBeyondIt() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        long soon = Instant.now().plusSeconds(120).getEpochSecond();
        write(token, soon, 900, 60);
        redis.expire(key(token), java.time.Duration.ofSeconds(30));

        assertThat(protectedPost(token).statusCode()).isEqualTo(200);

        assertThat(redis.getExpire(key(token))).isBetween(100L, 120L);
    }

    @Test
    void healthWhenRedisModeThenRedisComponentUp() throws Exception {
        HttpResponse<String> health =
                management.send(management.request("/actuator/health").GET());

        assertThat(tools.jackson.databind.json.JsonMapper.shared()
                        .readTree(health.body())
                        .at("/components/redis/status")
                        .asString())
                .isEqualTo("UP");
    }

    /** As auth-service's RedisSessionStore writes a session: TTL min(idle, time left). */
    private void write(String token, long expiresAt, long idle, long touch) {
        String body =
                "{\"active\":true,\"sub\":\"" + userId + "\",\"username\":\"ada\",\"roles\":[\"MODERATOR\",\"USER\"],"
                        + "\"exp\":" + expiresAt + ",\"sid\":\"" + sid + "\",\"amr\":[\"pwd\"],\"auth_time\":"
                        + Instant.now().getEpochSecond() + "}";
        String key = key(token);
        redis.opsForHash()
                .putAll(
                        key,
                        Map.of(
                                "body", body,
                                "exp", Long.toString(expiresAt),
                                "idle", Long.toString(idle),
                                "touch", Long.toString(touch)));
        long left = Math.max(1, expiresAt - Instant.now().getEpochSecond());
        redis.expire(key, java.time.Duration.ofSeconds(Math.min(idle, left)));
    }

    private static String key(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + "s:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
