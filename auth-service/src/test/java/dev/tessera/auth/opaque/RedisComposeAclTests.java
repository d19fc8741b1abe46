package dev.tessera.auth.opaque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * compose's Redis users (issue 18, target 6) against what the services really send: a redis-server of this class with
 * the {@code users.acl} that {@code docker/secrets/generate-secrets.sh} writes with {@code TESSERA_REDIS_SESSIONS=1},
 * auth-service connected as its own user with its generated password. Every script auth-service runs (write a
 * session, read a session's last use, end a family) must be allowed, and the gateway's user must not be able to write
 * a session. Nothing else tests that file: a command missing from it fails only under compose.
 */
@TimeTravelTest
class RedisComposeAclTests {

    private static final String PASSWORD = "redis acl password";

    private static final Path SECRETS = generatedSecrets();

    private static final RedisTestServer REDIS = new RedisTestServer(
            "--aclfile", SECRETS.resolve("redis/users.acl").toAbsolutePath().toString());

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) throws Exception {
        REDIS.start();
        registry.add("tessera.auth.sessions.redis.enabled", () -> "true");
        registry.add("spring.data.redis.port", () -> Integer.toString(REDIS.port));
        registry.add("spring.data.redis.username", () -> "auth-service");
        registry.add("spring.data.redis.password", () -> secret("auth-service"));
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("redisacl");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
    }

    @Test
    void authServiceAsItsComposeUserWhenLoginListAndLogoutThenEveryScriptAllowed() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.text("access_token");
        String key = RedisSessionStoreTests.sessionKey("tessera:session:", token);
        String sid = this.flows.introspected(token).get("sid").asString();
        Instant createdAt = Instant.parse(onlySession(sid).get("created_at").asString());

        // As the gateway's user (what a gateway in redis mode may do): read the session, move its idle expiry, as
        // if its last use had been three minutes after the login and ten minutes have passed since.
        asUser("gateway", redis -> {
            assertThat(redis.opsForHash().multiGet(key, List.of("body")).get(0)).isNotNull();
            this.clock.advance(Duration.ofMinutes(10));
            // EXPIRE itself, as the gateway's script sends it (RedisTemplate.expire would send PEXPIRE).
            assertThat(redis.execute((RedisCallback<Boolean>) connection ->
                            connection.keyCommands().expire(key.getBytes(StandardCharsets.US_ASCII), 900 - 7 * 60)))
                    .isTrue();
        });
        Instant lastUsed = Instant.parse(onlySession(sid).get("last_used_at").asString());
        assertThat(lastUsed)
                .as("auth-service read the last use from Redis (HMGET, TTL, SMEMBERS allowed to its user)")
                .isBetween(
                        createdAt.plus(Duration.ofMinutes(3)).minusSeconds(2),
                        createdAt.plus(Duration.ofMinutes(3)).plusSeconds(2));

        assertThat(this.flows.logout(login.text("refresh_token")).status()).isEqualTo(204);
        asUser(
                "gateway",
                redis -> assertThat(redis.getExpire(key)).as("ended in Redis").isEqualTo(-2L));
    }

    @Test
    void gatewayUserWhenWritingASessionThenRefused() {
        asUser(
                "gateway",
                redis -> assertThatThrownBy(
                                () -> redis.opsForHash().put("tessera:session:s:forged", "body", "{\"active\":true}"))
                        .isInstanceOf(DataAccessException.class)
                        .hasStackTraceContaining("NOPERM"));
    }

    private JsonNode onlySession(String sid) {
        String path = "/auth/me/sessions";
        TestHttp.Response response = this.http.get(
                path,
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), sid, "GET", path));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("sessions").get(0);
    }

    private static void asUser(String user, Consumer<StringRedisTemplate> work) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", REDIS.port);
        configuration.setUsername(user);
        configuration.setPassword(secret(user));
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
        factory.afterPropertiesSet();
        try {
            work.accept(new StringRedisTemplate(factory));
        } finally {
            factory.destroy();
        }
    }

    private static String secret(String service) {
        try {
            return Files.readString(SECRETS.resolve(service).resolve("spring.data.redis.password"));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Runs compose's own generator, as compose does, into a directory of this run. */
    private static Path generatedSecrets() {
        Path dir = Path.of("target/redis-acl-" + UUID.randomUUID());
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "../docker/secrets/generate-secrets.sh", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TESSERA_REDIS_SESSIONS", "1");
            Process started = builder.start();
            if (!started.waitFor(60, TimeUnit.SECONDS) || started.exitValue() != 0) {
                throw new IllegalStateException("generate-secrets.sh failed");
            }
            return dir;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
