package dev.tessera.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The revocation feed: what each operation records, who may read it, cursors and the purge (issue 8). */
@TimeTravelTest
class RevocationFeedTests {

    private static final String FEED = "/internal/revocations";

    private static final String PASSWORD = "revocation tests password";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Revocations revocations;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("revoked");
        this.flows.registered(this.username, PASSWORD);
        this.userId = idOf(this.username);
    }

    @Test
    void feedWhenNoPassportOrNotAServiceThenRefused() {
        TestHttp.Response none = this.http.get(FEED);
        TestHttp.Response admin = this.http.get(
                FEED,
                TestPassports.HEADER,
                TestPassports.forCaller(idOf("admin"), "admin", Set.of("ADMIN", "USER"), "GET", FEED));
        TestHttp.Response anonymous = this.http.get(FEED, TestPassports.HEADER, TestPassports.anonymous("GET", FEED));

        assertThat(none.status()).isEqualTo(401);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(admin.status()).isEqualTo(403);
        assertThat(none.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void logoutAllWhenCalledThenUserNotBeforeCoversEveryEarlierTokenAndNotANewOne() throws Exception {
        String before = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        String cursor = cursorNow();

        TestHttp.Response response = this.http.request(
                "POST",
                "/auth/logout-all",
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(this.userId, this.username, Set.of("USER"), "POST", "/auth/logout-all"));
        String after = this.flows.loggedIn(this.username, PASSWORD).text("access_token");

        assertThat(response.status()).isEqualTo(204);
        JsonNode feed = feed(cursor);
        List<JsonNode> users = entries(feed, "users", "sub", this.userId);
        assertThat(users).hasSize(1);
        long notBefore = users.get(0).get("not_before").asLong();
        assertThat(claims(before).getIssueTime().toInstant().getEpochSecond()).isLessThan(notBefore);
        assertThat(claims(after).getIssueTime().toInstant().getEpochSecond()).isGreaterThanOrEqualTo(notBefore);
        long lifetime = claims(before).getExpirationTime().getTime() / 1000
                - claims(before).getIssueTime().getTime() / 1000;
        assertThat(users.get(0).get("expires_at").asLong()).isEqualTo(notBefore + lifetime + 60);
        assertThat(feed.get("next").asString()).isNotEqualTo(cursor);
        assertThat(feed(feed.get("next").asString()).get("users")).isEmpty();
    }

    @Test
    void logoutWhenCalledThenSessionRevokedOnceAndUserNot() throws Exception {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String sid = claims(login.text("access_token")).getStringClaim("sid");
        String cursor = cursorNow();

        this.flows.logout(login.text("refresh_token"));
        this.flows.logout(login.text("refresh_token"));

        JsonNode feed = feed(cursor);
        assertThat(entries(feed, "sessions", "sid", sid)).hasSize(1);
        assertThat(entries(feed, "users", "sub", this.userId)).isEmpty();
    }

    @Test
    void refreshWhenReuseDetectedThenSessionRevoked() throws Exception {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String sid = claims(login.text("access_token")).getStringClaim("sid");
        String first = login.text("refresh_token");
        this.flows.refresh(first);
        this.clock.advance(Duration.ofSeconds(11));
        String cursor = cursorNow();

        assertThat(this.flows.refresh(first).status()).isEqualTo(401);

        assertThat(entries(feed(cursor), "sessions", "sid", sid)).hasSize(1);
    }

    @Test
    void passwordChangeWhenDoneThenUserRevokedAndOwnSessionRefreshesIntoAValidToken() throws Exception {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String sid = claims(login.text("access_token")).getStringClaim("sid");
        String cursor = cursorNow();

        TestHttp.Response change = this.http.request(
                "POST",
                "/auth/password",
                TestHttp.json(Map.of("current_password", PASSWORD, "new_password", "another fine password 9")),
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), sid, "POST", "/auth/password"));
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));

        assertThat(change.status()).as(change.toString()).isEqualTo(204);
        List<JsonNode> users = entries(feed(cursor), "users", "sub", this.userId);
        assertThat(users).hasSize(1);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(claims(refreshed.text("access_token"))
                        .getIssueTime()
                        .toInstant()
                        .getEpochSecond())
                .isGreaterThanOrEqualTo(users.get(0).get("not_before").asLong());
    }

    @Test
    void adminWhenDisablingOrChangingRolesThenUserRevokedButNotForAnUnchangedRoleSet() {
        String roles = "/auth/admin/users/" + this.userId + "/roles";
        String disable = "/auth/admin/users/" + this.userId + "/disable";
        String cursor = cursorNow();

        assertThat(adminCall("PUT", roles, "{\"roles\":[\"USER\"]}").status()).isEqualTo(200);
        String unchanged = cursorNow();
        assertThat(adminCall("PUT", roles, "{\"roles\":[\"MODERATOR\"]}").status())
                .isEqualTo(200);
        assertThat(adminCall("POST", disable, null).status()).isEqualTo(200);

        assertThat(unchanged).isEqualTo(cursor);
        assertThat(entries(feed(cursor), "users", "sub", this.userId)).hasSize(2);
    }

    @Test
    void cursorWhenBeyondEveryIdThenReplaysTheWindowAndWhenGarbageThen400() {
        this.revocations.revokeSession(UUID.randomUUID(), "TEST");

        JsonNode replay = feed("9000000000000000000");
        TestHttp.Response garbage = this.http.get(FEED + "?since=1;DROP", TestPassports.HEADER, service());
        TestHttp.Response huge = this.http.get(FEED + "?since=99999999999999999999", TestPassports.HEADER, service());

        assertThat(replay.get("sessions")).isNotEmpty();
        assertThat(Long.parseLong(replay.get("next").asString())).isPositive();
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(huge.status()).isEqualTo(400);
    }

    @Test
    void purgeWhenWindowOverThenRevocationGoneFromFeedAndTable() {
        UUID sid = UUID.randomUUID();
        this.revocations.revokeSession(sid, "TEST");
        assertThat(entries(feed(""), "sessions", "sid", sid.toString())).hasSize(1);

        this.clock.advance(Duration.ofMinutes(7));
        assertThat(entries(feed(""), "sessions", "sid", sid.toString())).isEmpty();
        this.revocations.purge();

        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM revocation WHERE subject = ?")
                        .param(sid)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private TestHttp.Response adminCall(String method, String path, String json) {
        return this.http.request(
                method,
                path,
                json,
                TestPassports.HEADER,
                TestPassports.forCaller(idOf("admin"), "admin", Set.of("ADMIN", "USER"), method, path));
    }

    private String cursorNow() {
        JsonNode page = feed("");
        while (page.get("more").asBoolean()) {
            page = feed(page.get("next").asString());
        }
        return page.get("next").asString();
    }

    private JsonNode feed(String since) {
        TestHttp.Response response = this.http.get(FEED + "?since=" + since, TestPassports.HEADER, service());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        return response.json();
    }

    private static String service() {
        return TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "GET", FEED);
    }

    private static List<JsonNode> entries(JsonNode feed, String list, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : feed.get(list)) {
            if (value.equals(entry.get(field).asString())) {
                found.add(entry);
            }
        }
        return found;
    }

    private static JWTClaimsSet claims(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private String idOf(String name) {
        return Flows.idOf(this.jdbc, name);
    }
}
