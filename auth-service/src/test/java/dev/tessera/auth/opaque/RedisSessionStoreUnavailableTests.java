package dev.tessera.auth.opaque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Redis session store gone (issue 18, target 6): auth-service's own Redis server, started and stopped by the
 * tests (a real redis-server, no persistence). An action that must write or delete a session in Redis answers 503
 * problem+json and leaves PostgreSQL as it was: a logout that cannot delete the session does not revoke the family
 * (the session would live on in Redis), a login that cannot write one leaves no session behind. JWT logins never
 * touch Redis and keep working. Reading aside: introspection and the list of sessions answer from PostgreSQL alone.
 */
@TimeTravelTest
class RedisSessionStoreUnavailableTests {

    private static final String PASSWORD = "redis unavailable password";

    private static final RedisTestServer REDIS = new RedisTestServer();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("tessera.auth.sessions.redis.enabled", () -> "true");
        registry.add("spring.data.redis.port", () -> Integer.toString(REDIS.port));
        registry.add("spring.data.redis.timeout", () -> "1s");
        registry.add("spring.data.redis.connect-timeout", () -> "1s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    TestHttp http;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() throws Exception {
        REDIS.start();
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("redisdown");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void logoutWhenRedisDownThen503AndTheFamilyStaysUntilRedisIsBack() throws Exception {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        String sid =
                this.flows.introspected(login.text("access_token")).get("sid").asString();

        REDIS.stop();
        TestHttp.Response refused = this.flows.logout(login.text("refresh_token"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body())
                .doesNotContain(login.text("refresh_token"))
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(revokedAt(sid))
                .as("the family is not revoked while its session may live on in Redis")
                .isEmpty();

        // Back: auth-service reconnects within about a second (not Lettuce's default back-off of up to 30 s).
        REDIS.start();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                this.flows.logout(login.text("refresh_token")).status())
                        .isEqualTo(204));
        assertThat(revokedAt(sid)).isPresent();
    }

    @Test
    void opaqueLoginWhenRedisDownThen503AndNoSessionLeftButJwtLoginsWork() throws Exception {
        String accountId = Flows.idOf(this.jdbc, this.username);
        REDIS.stop();

        TestHttp.Response refused = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom("203.0.113.77", "POST", "/auth/login"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(count("select count(*) from opaque_session where account_id = ?", accountId))
                .isZero();
        assertThat(count("select count(*) from refresh_family where account_id = ?", accountId))
                .as("no family of a login that did not happen")
                .isZero();
        assertThat(this.flows.loggedIn(this.username, PASSWORD).text("access_token"))
                .as("a JWT login needs no Redis")
                .isNotBlank();
    }

    @Test
    void sessionsListedWhenRedisDownThenStillListedWithPostgresLastUse() throws Exception {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        String accountId = Flows.idOf(this.jdbc, this.username);
        String sid =
                this.flows.introspected(login.text("access_token")).get("sid").asString();
        REDIS.stop();

        String path = "/auth/me/sessions";
        TestHttp.Response listed = this.http.get(
                path,
                TestPassports.HEADER,
                TestPassports.forSession(accountId, this.username, Set.of("USER"), sid, "GET", path));

        // The list is PostgreSQL's; Redis only refines a session's last use, so its absence costs only that.
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        JsonNode session = listed.json().get("sessions").get(0);
        assertThat(session.get("id").asString()).isEqualTo(sid);
        assertThat(session.get("last_used_at").asString())
                .isEqualTo(session.get("created_at").asString());
    }

    @Test
    void introspectedWhenRedisDownThenPostgresClockAloneDecidesIdleness() throws Exception {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        REDIS.stop();

        // Past the touch interval auth-service would move the key's TTL forward: it cannot, and answers anyway.
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();
        // Idle by PostgreSQL's clock, and Redis cannot say otherwise: inactive, not an error.
        this.clock.advance(Duration.ofMinutes(16));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
    }

    private Optional<java.sql.Timestamp> revokedAt(String familyId) {
        return this.jdbc
                .sql("select revoked_at from refresh_family where id = ?")
                .param(UUID.fromString(familyId))
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
                .single();
    }

    private long count(String sql, String accountId) {
        return this.jdbc
                .sql(sql)
                .param(UUID.fromString(accountId))
                .query(Long.class)
                .single();
    }
}
