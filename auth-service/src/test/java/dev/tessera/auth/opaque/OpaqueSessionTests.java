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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Scheme A: opaque session tokens on login and refresh, and {@code POST /internal/introspect}. */
@TimeTravelTest
class OpaqueSessionTests {

    private static final String PASSWORD = "opaque-tests-password";

    private static final String INTROSPECT = "/internal/introspect";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("opaque");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void loginWhenTokenFormatOpaqueThenOpaqueTokenStoredOnlyAsHash() throws Exception {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);

        String token = login.text("access_token");
        assertThat(token).matches("[A-Za-z0-9_-]{43}").doesNotContain(".");
        assertThat(login.text("token_type")).isEqualTo("Bearer");
        assertThat(login.json().get("expires_in").asLong()).isBetween(3500L, 3600L);
        assertThat(login.text("refresh_token")).hasSize(43).isNotEqualTo(token);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");

        byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> row = this.jdbc
                .sql("select s.username, s.idle_timeout, f.token_format from opaque_session s"
                        + " join refresh_family f on f.id = s.family_id where s.token_hash = :hash")
                .param("hash", hash)
                .query()
                .singleRow();
        assertThat(row).containsEntry("username", this.username);
        assertThat(row).containsEntry("idle_timeout", 900).containsEntry("token_format", "OPAQUE");
        long clearCopies = this.jdbc
                .sql("select count(*) from opaque_session where encode(token_hash, 'escape') like :token")
                .param("token", "%" + token + "%")
                .query(Long.class)
                .single();
        assertThat(clearCopies).isZero();
    }

    @Test
    void introspectWhenLiveOpaqueTokenThenActiveWithSubjectRolesExpiryAndSid() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        long now = this.clock.instant().getEpochSecond();

        JsonNode answer = this.flows.introspected(login.text("access_token"));

        // sub is this account's id and sid the login's refresh family, as stored: not just any UUIDs.
        Map<String, Object> stored = this.jdbc
                .sql("select a.id as account_id, f.id as family_id from account a"
                        + " join refresh_family f on f.account_id = a.id where a.username = :username")
                .param("username", this.username)
                .query()
                .singleRow();
        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(answer.get("username").asString()).isEqualTo(this.username);
        assertThat(UUID.fromString(answer.get("sub").asString())).isEqualTo(stored.get("account_id"));
        assertThat(answer.get("roles").get(0).asString()).isEqualTo("USER");
        assertThat(answer.get("roles").size()).isEqualTo(1);
        assertThat(answer.get("exp").asLong()).isBetween(now + 3590, now + 3600);
        assertThat(UUID.fromString(answer.get("sid").asString())).isEqualTo(stored.get("family_id"));
    }

    @Test
    void introspectWhenUnknownMalformedRefreshOrJwtTokenThenInactiveOnly() {
        TestHttp.Response opaque = this.flows.loggedInOpaque(this.username, PASSWORD);
        TestHttp.Response jwt = this.flows.loggedIn(this.username, PASSWORD);

        for (String token : new String[] {
            "A".repeat(43),
            "not a token",
            "",
            "' or 1=1 --" + "x".repeat(32),
            opaque.text("refresh_token"),
            jwt.text("access_token"),
            jwt.text("refresh_token")
        }) {
            TestHttp.Response response = this.flows.introspect(token);
            assertThat(response.status()).as(token).isEqualTo(200);
            assertThat(response.body()).as(token).isEqualTo("{\"active\":false}");
        }
    }

    @Test
    void introspectWhenLoggedOutThenInactiveAtOnceAndRefreshRefused() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        String token = login.text("access_token");
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();

        assertThat(this.flows.logout(login.text("refresh_token")).status()).isEqualTo(204);

        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
        assertThat(this.flows.refresh(login.text("refresh_token")).status()).isEqualTo(401);
    }

    @Test
    void refreshWhenFamilyOpaqueThenNewOpaqueTokenWithSameSid() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        String sid =
                this.flows.introspected(login.text("access_token")).get("sid").asString();

        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String next = refreshed.text("access_token");
        assertThat(next).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(login.text("access_token"));
        JsonNode answer = this.flows.introspected(next);
        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(answer.get("sid").asString()).isEqualTo(sid);
    }

    @Test
    void refreshWhenFamilyJwtThenStillJwt() {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);

        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));

        assertThat(refreshed.text("access_token").chars().filter(c -> c == '.').count())
                .isEqualTo(2);
    }

    @Test
    void introspectWhenIdleLongerThanTimeoutThenInactive() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        this.clock.advance(Duration.ofMinutes(10));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();

        // The use above moved the idle deadline: 10 + 10 minutes is past the first 15 but within the second.
        this.clock.advance(Duration.ofMinutes(10));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();

        this.clock.advance(Duration.ofMinutes(16));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
    }

    @Test
    void introspectWhenPastLifetimeThenInactiveEvenIfUsed() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        for (int i = 0; i < 5; i++) {
            this.clock.advance(Duration.ofMinutes(10));
            assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();
        }
        this.clock.advance(Duration.ofMinutes(9));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
    }

    @Test
    void introspectWhenLogoutEverywhereThenInactive() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);
        JsonNode answer = this.flows.introspected(login.text("access_token"));
        String path = "/auth/logout-all";
        TestHttp.Response logoutAll = this.http.request(
                "POST",
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forSession(
                        answer.get("sub").asString(),
                        this.username,
                        Set.of("USER"),
                        answer.get("sid").asString(),
                        "POST",
                        path));
        assertThat(logoutAll.status()).as(logoutAll.toString()).isEqualTo(204);

        assertThat(this.flows
                        .introspected(login.text("access_token"))
                        .get("active")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void introspectWhenNoPassportOrAnonymousOrUserPassportThen401Or403() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String body = TestHttp.json(Map.of("token", token));

        TestHttp.Response none = this.http.postJson(INTROSPECT, body);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.body()).doesNotContain(token);

        TestHttp.Response anonymous =
                this.http.postJson(INTROSPECT, body, TestPassports.HEADER, TestPassports.anonymous("POST", INTROSPECT));
        assertThat(anonymous.status()).isEqualTo(401);

        for (String role : new String[] {"USER", "ADMIN", "MODERATOR"}) {
            TestHttp.Response user = this.http.postJson(
                    INTROSPECT,
                    body,
                    TestPassports.HEADER,
                    TestPassports.forCaller(UUID.randomUUID().toString(), "someone", Set.of(role), "POST", INTROSPECT));
            assertThat(user.status()).as(role).isEqualTo(403);
            assertThat(user.header("Content-Type")).startsWith("application/problem+json");
            assertThat(user.body()).doesNotContain(token).doesNotContain(this.username);
        }

        TestHttp.Response wrongBinding = this.http.postJson(
                INTROSPECT,
                body,
                TestPassports.HEADER,
                TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "POST", "/auth/me"));
        assertThat(wrongBinding.status()).isEqualTo(401);
    }

    @Test
    void loginWhenTokenFormatUnknownThen400WithReason() {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", this.username, "password", PASSWORD, "token_format", "session")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("token_format");
    }

    @Test
    void introspectWhenGetOrTextBodyThen405Or415() {
        String passport = TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "POST", INTROSPECT);
        TestHttp.Response text = this.http.post(
                INTROSPECT, "token=x".getBytes(StandardCharsets.UTF_8), "text/plain", TestPassports.HEADER, passport);
        assertThat(text.status()).isEqualTo(415);

        TestHttp.Response get = this.http.get(
                INTROSPECT,
                TestPassports.HEADER,
                TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "GET", INTROSPECT));
        assertThat(get.status()).isEqualTo(405);
    }
}
