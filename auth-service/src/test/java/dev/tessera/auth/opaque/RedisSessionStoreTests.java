package dev.tessera.auth.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis copy of scheme A's sessions (issue 18, target 6) against the real Redis on 127.0.0.1:6379, under a key
 * prefix of this run only: every opaque login writes what the gateway needs, keyed by the token's hash, and every way
 * a session ends deletes it in the same request.
 */
@TimeTravelTest
class RedisSessionStoreTests {

    private static final String PREFIX = "tessera-test:" + UUID.randomUUID() + ":";

    private static final String PASSWORD = "redis session store password";

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("tessera.auth.sessions.redis.enabled", () -> "true");
        registry.add("tessera.auth.sessions.redis.key-prefix", () -> PREFIX);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MutableClock clock;

    @Autowired
    OpaqueSessions sessions;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("redis");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
    }

    @AfterAll
    static void removeKeys() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 6379);
        factory.afterPropertiesSet();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            Set<String> keys = template.keys(PREFIX + "*");
            if (keys != null && !keys.isEmpty()) {
                template.delete(keys);
            }
        } finally {
            factory.destroy();
        }
    }

    @Test
    void loginOpaqueWhenStoreOnThenSessionWrittenUnderTheTokensHashWithWhatThePassportNeeds() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        JsonNode introspected = this.flows.introspected(token);

        String key = key(token);
        Map<Object, Object> session = this.redis.opsForHash().entries(key);
        assertThat(session).containsKeys("body", "exp", "idle", "touch");
        JsonNode body = JsonMapper.shared().readTree((String) session.get("body"));
        assertThat(body.get("active").asBoolean()).isTrue();
        for (String field : List.of("sub", "username", "roles", "exp", "sid", "amr", "auth_time")) {
            assertThat(body.get(field)).as(field).isEqualTo(introspected.get(field));
        }
        assertThat(session.get("exp")).isEqualTo(introspected.get("exp").asString());
        assertThat(session.get("idle")).isEqualTo("900");
        Long ttl = this.redis.getExpire(key);
        assertThat(ttl).isBetween(1L, 900L);
        // Never the token itself, neither as a key nor as a value.
        assertThat(this.redis.keys("*" + token + "*")).isEmpty();
        assertThat(this.redis
                        .opsForSet()
                        .members(PREFIX + "f:" + body.get("sid").asString()))
                .containsExactly(key);
        assertThat(this.redis.opsForSet().members(PREFIX + "a:" + this.userId)).containsExactly(key);
    }

    @Test
    void loginWithJwtWhenStoreOnThenNothingWritten() {
        this.flows.loggedIn(this.username, PASSWORD);

        assertThat(this.redis.hasKey(PREFIX + "a:" + this.userId)).isFalse();
    }

    @Test
    void logoutWhenStoreOnThenSessionDeletedAtOnce() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        String token = login.text("access_token");
        assertThat(this.redis.hasKey(key(token))).isTrue();

        assertThat(this.flows.logout(login.text("refresh_token")).status()).isEqualTo(204);

        assertThat(this.redis.hasKey(key(token))).isFalse();
    }

    @Test
    void refreshWhenStoreOnThenNewSessionWrittenInTheSameFamily() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        String sid =
                this.flows.introspected(login.text("access_token")).get("sid").asString();

        assertThat(this.redis.opsForSet().members(PREFIX + "f:" + sid))
                .containsExactlyInAnyOrder(key(login.text("access_token")), key(refreshed.text("access_token")));
    }

    @Test
    void refreshTokenReusedWhenStoreOnThenEverySessionOfTheFamilyDeleted() throws Exception {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));
        // Past the grace window (10 s), presenting the rotated token again is reuse: the family ends.
        this.jdbc
                .sql(
                        "UPDATE refresh_token SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL"
                                + " AND family_id = ?")
                .param(UUID.fromString(this.flows
                        .introspected(login.text("access_token"))
                        .get("sid")
                        .asString()))
                .update();

        assertThat(this.flows.refresh(login.text("refresh_token")).status()).isEqualTo(401);

        assertThat(this.redis.hasKey(key(login.text("access_token")))).isFalse();
        assertThat(this.redis.hasKey(key(refreshed.text("access_token")))).isFalse();
    }

    @Test
    void logoutEverywhereWhenStoreOnThenEverySessionOfTheAccountDeleted() {
        String first = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String second = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String sid = this.flows.introspected(first).get("sid").asString();

        String path = "/auth/logout-all";
        assertThat(this.http
                        .request(
                                "POST",
                                path,
                                null,
                                TestPassports.HEADER,
                                TestPassports.forSession(this.userId, this.username, Set.of("USER"), sid, "POST", path))
                        .status())
                .isEqualTo(204);

        assertThat(this.redis.hasKey(key(first))).isFalse();
        assertThat(this.redis.hasKey(key(second))).isFalse();
    }

    @Test
    void accountDisabledWhenStoreOnThenEverySessionDeleted() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");

        assertThat(asAdmin("POST", "/auth/admin/users/" + this.userId + "/disable", null)
                        .status())
                .isEqualTo(200);

        assertThat(this.redis.hasKey(key(token))).isFalse();
    }

    @Test
    void rolesChangedWhenStoreOnThenSessionDeletedSoARefreshCarriesTheNewRoles() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);

        assertThat(asAdmin(
                                "PUT",
                                "/auth/admin/users/" + this.userId + "/roles",
                                TestHttp.json(Map.of("roles", List.of("USER", "MODERATOR"))))
                        .status())
                .isEqualTo(200);

        assertThat(this.redis.hasKey(key(login.text("access_token")))).isFalse();
        String renewed = this.flows.refresh(login.text("refresh_token")).text("access_token");
        JsonNode body =
                JsonMapper.shared().readTree((String) this.redis.opsForHash().get(key(renewed), "body"));
        assertThat(body.get("roles").toString()).isEqualTo("[\"MODERATOR\",\"USER\"]");
    }

    @Test
    void sessionsListedWhenAGatewayTouchedTheSessionInRedisThenLastUseReadFromTheKeysTtl() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        JsonNode listed = onlySession();
        Instant createdAt = Instant.parse(listed.get("created_at").asString());
        assertThat(Instant.parse(listed.get("last_used_at").asString())).isEqualTo(createdAt);

        // Ten minutes on, a gateway last moved the key's TTL to the idle timeout three minutes after the login, so
        // seven minutes of it have run out. (The test moves auth-service's clock; Redis's TTLs follow real time, so the
        // TTL is set to what it would be.) The gateway told auth-service nothing: PostgreSQL still has the login time.
        this.clock.advance(Duration.ofMinutes(10));
        this.redis.expire(key(token), Duration.ofSeconds(900 - 7 * 60));

        Instant lastUsed = Instant.parse(onlySession().get("last_used_at").asString());
        Instant touched = createdAt.plus(Duration.ofMinutes(3));
        assertThat(lastUsed).isBetween(touched.minusSeconds(2), touched.plusSeconds(2));
    }

    @Test
    void introspectedWhenIdleByPostgresButAGatewayKeptTheKeyAliveThenActiveAndTheUseRecorded() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");

        // Twenty minutes on (idle timeout 15 min), a gateway reading Redis has kept the session in use and touched its
        // key a minute ago; it never wrote PostgreSQL's last use. (The test moves auth-service's clock; Redis's TTLs
        // follow real time, so the TTL is set to what it would be.) The periodic clean-up runs first and keeps it.
        this.clock.advance(Duration.ofMinutes(20));
        this.redis.expire(key(token), Duration.ofSeconds(900 - 60));
        this.sessions.cleanUp();

        assertThat(this.flows.introspected(token).get("active").asBoolean())
                .as("RFC 7662 agrees with the gateways")
                .isTrue();
        assertThat(this.redis.getExpire(key(token)))
                .as("auth-service's use moved the key's TTL forward, as a gateway's would")
                .isGreaterThan(900L - 60);
        assertThat(familyLastUsed())
                .as("and PostgreSQL's last use")
                .isBetween(
                        this.clock.instant().minusSeconds(1),
                        this.clock.instant().plusSeconds(1));
    }

    @Test
    void introspectedWhenIdleByPostgresAndTheKeyIdledOutThenInactive() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");

        this.clock.advance(Duration.ofMinutes(20));
        this.redis.delete(key(token));

        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
        assertThat(this.redis.hasKey(key(token)))
                .as("a touch never brings a key back")
                .isFalse();
    }

    @Test
    void introspectedWhenOnlyAuthServicesClientsUseTheSessionThenItsKeyStaysAliveForTheGateways() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        // Thirteen minutes without a gateway's touch: 120 s of the key's idle timeout left.
        this.redis.expire(key(token), Duration.ofSeconds(120));
        this.clock.advance(Duration.ofMinutes(2));

        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();

        assertThat(this.redis.getExpire(key(token))).isGreaterThan(800L);
    }

    @Test
    void sessionsListedWhenAGatewayTouchedOneOfTwoSessionsThenEachKeepsItsOwnLastUse() {
        String first = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        this.clock.advance(Duration.ofMinutes(1));
        String second = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        Map<String, Instant> createdAt = new HashMap<>();
        for (JsonNode session : sessions()) {
            createdAt.put(
                    session.get("id").asString(),
                    Instant.parse(session.get("created_at").asString()));
        }
        assertThat(createdAt).hasSize(2);

        // Both families are read in one script. Nine minutes on, a gateway moved the first login's key five minutes
        // ago; the second's was never moved, so nine of its fifteen minutes have run out (Redis's TTLs follow real
        // time, so both are set to what they would be).
        this.clock.advance(Duration.ofMinutes(9));
        this.redis.expire(key(first), Duration.ofSeconds(900 - 5 * 60));
        this.redis.expire(key(second), Duration.ofSeconds(900 - 9 * 60));

        Instant firstLogin = Collections.min(createdAt.values());
        for (JsonNode session : sessions()) {
            Instant created = createdAt.get(session.get("id").asString());
            Instant lastUsed = Instant.parse(session.get("last_used_at").asString());
            if (created.equals(firstLogin)) {
                Instant touched = this.clock.instant().minus(Duration.ofMinutes(5));
                assertThat(lastUsed).isBetween(touched.minusSeconds(2), touched.plusSeconds(2));
            } else {
                assertThat(lastUsed)
                        .as("the untouched session keeps its login time")
                        .isEqualTo(created);
            }
        }
    }

    @Test
    void sessionsListedWhenTheKeysTtlIsCutToTheExpiryThenLastUseNotGuessedFromIt() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        Instant createdAt = Instant.parse(onlySession().get("created_at").asString());

        // Near its expiry a touch sets the TTL to what is left (exp − now), which says nothing of when it happened.
        this.clock.advance(Duration.ofMinutes(10));
        long left = 100;
        this.redis
                .opsForHash()
                .put(key(token), "exp", Long.toString(this.clock.instant().getEpochSecond() + left));
        this.redis.expire(key(token), Duration.ofSeconds(left));

        assertThat(Instant.parse(onlySession().get("last_used_at").asString())).isEqualTo(createdAt);
    }

    private Instant familyLastUsed() {
        return this.jdbc
                .sql("select last_used_at from refresh_family where account_id = ?")
                .param(UUID.fromString(this.userId))
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
    }

    private JsonNode onlySession() {
        JsonNode sessions = sessions();
        assertThat(sessions).hasSize(1);
        return sessions.get(0);
    }

    private JsonNode sessions() {
        String path = "/auth/me/sessions";
        TestHttp.Response response = this.http.get(
                path,
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), null, "GET", path));
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("sessions");
    }

    private TestHttp.Response asAdmin(String method, String path, String json) {
        String adminId = Flows.idOf(this.jdbc, "admin");
        return this.http.request(
                method,
                path,
                json,
                TestPassports.HEADER,
                TestPassports.forCaller(adminId, "admin", Set.of("ADMIN", "USER"), method, path));
    }

    private static String key(String token) {
        return sessionKey(PREFIX, token);
    }

    /** The Redis key of a session token under a key prefix: the token's SHA-256, never the token. */
    static String sessionKey(String prefix, String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return prefix + "s:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
