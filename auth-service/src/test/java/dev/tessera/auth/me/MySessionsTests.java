package dev.tessera.auth.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** "My sessions" (issue 17): {@code GET/DELETE /auth/me/sessions}, over both schemes. */
@TimeTravelTest
class MySessionsTests {

    private static final String PASSWORD = "my-sessions-password";

    private static final String SESSIONS = "/auth/me/sessions";

    private static final String FEED = "/internal/revocations";

    private static final String FIREFOX_ON_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    private static final String CHROME_ON_LINUX =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

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
        this.username = Flows.uniqueName("sessions");
        this.flows.registered(this.username, PASSWORD);
        this.userId = idOf(this.username);
    }

    @Test
    void listWhenOneJwtAndOneOpaqueLoginThenBothShownNewestFirstWithSchemeDeviceAddressAndCurrent() throws Exception {
        String jwtAddress = Flows.uniqueAddress();
        String opaqueAddress = Flows.uniqueAddress();
        TestHttp.Response jwt = this.flows.loggedInFrom(this.username, PASSWORD, "jwt", jwtAddress, FIREFOX_ON_WINDOWS);
        this.clock.advance(Duration.ofSeconds(1));
        TestHttp.Response opaque =
                this.flows.loggedInFrom(this.username, PASSWORD, "opaque", opaqueAddress, CHROME_ON_LINUX);
        String jwtSid = sidOf(jwt);
        String opaqueSid =
                this.flows.introspected(opaque.text("access_token")).get("sid").asString();

        TestHttp.Response response = list(this.userId, this.username, jwtSid);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode sessions = response.json().get("sessions");
        assertThat(sessions).hasSize(2);
        JsonNode newest = sessions.get(0);
        assertThat(newest.get("id").asString()).isEqualTo(opaqueSid);
        assertThat(newest.get("scheme").asString()).isEqualTo("opaque");
        assertThat(newest.get("device").asString()).isEqualTo("Chrome on Linux");
        assertThat(newest.get("user_agent").asString()).isEqualTo(CHROME_ON_LINUX);
        assertThat(newest.get("address").asString()).isEqualTo(opaqueAddress);
        assertThat(newest.get("current").asBoolean()).isFalse();
        JsonNode older = sessions.get(1);
        assertThat(older.get("id").asString()).isEqualTo(jwtSid);
        assertThat(older.get("scheme").asString()).isEqualTo("jwt");
        assertThat(older.get("device").asString()).isEqualTo("Firefox on Windows");
        assertThat(older.get("address").asString()).isEqualTo(jwtAddress);
        assertThat(older.get("current").asBoolean()).isTrue();
        Instant createdAt = Instant.parse(older.get("created_at").asString());
        assertThat(Instant.parse(newest.get("created_at").asString())).isAfter(createdAt);
        assertThat(Instant.parse(older.get("last_used_at").asString())).isEqualTo(createdAt);
    }

    @Test
    void listWhenUserAgentLongerThan256ThenStoredCut() {
        String longAgent = "curl/8.5.0 " + "x".repeat(400);
        TestHttp.Response login =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), longAgent);

        JsonNode session = only(list(this.userId, this.username, null));

        assertThat(session.get("id").asString()).isEqualTo(sidOf(login));
        assertThat(session.get("user_agent").asString()).isEqualTo(longAgent.substring(0, 256));
        assertThat(session.get("device").asString()).isEqualTo("curl");
    }

    @Test
    void listAndDeleteWhenAnotherUsersSessionThenNeverShownAndDeleteIs404() {
        String other = Flows.uniqueName("others");
        this.flows.registered(other, PASSWORD);
        TestHttp.Response theirs =
                this.flows.loggedInFrom(other, PASSWORD, "jwt", Flows.uniqueAddress(), FIREFOX_ON_WINDOWS);
        TestHttp.Response mine =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), CHROME_ON_LINUX);
        String theirSid = sidOf(theirs);

        JsonNode listed = list(this.userId, this.username, sidOf(mine)).json().get("sessions");
        TestHttp.Response delete = delete(SESSIONS + "/" + theirSid, this.userId, this.username, sidOf(mine));
        TestHttp.Response unknown = delete(SESSIONS + "/" + UUID.randomUUID(), this.userId, this.username, sidOf(mine));
        TestHttp.Response garbage = delete(SESSIONS + "/not-a-uuid", this.userId, this.username, sidOf(mine));

        assertThat(idsOf(listed)).containsExactly(sidOf(mine));
        assertThat(delete.status()).as(delete.toString()).isEqualTo(404);
        assertThat(delete.header("Content-Type")).startsWith("application/problem+json");
        assertThat(delete.text("title")).isEqualTo("Session not found");
        // The same refusal for another's session, an unknown id and garbage: nothing tells them apart.
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("type")).isEqualTo(delete.text("type"));
        assertThat(unknown.text("detail")).isEqualTo(delete.text("detail"));
        assertThat(garbage.status()).isEqualTo(404);
        assertThat(garbage.text("type")).isEqualTo(delete.text("type"));
        assertThat(this.flows.refresh(theirs.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void deleteWhenOneSessionThenItEndsAndTheOtherStaysLive() {
        TestHttp.Response jwt =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), FIREFOX_ON_WINDOWS);
        TestHttp.Response opaque =
                this.flows.loggedInFrom(this.username, PASSWORD, "opaque", Flows.uniqueAddress(), CHROME_ON_LINUX);
        String opaqueSid =
                this.flows.introspected(opaque.text("access_token")).get("sid").asString();

        TestHttp.Response response = delete(SESSIONS + "/" + opaqueSid, this.userId, this.username, sidOf(jwt));

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertThat(this.flows
                        .introspected(opaque.text("access_token"))
                        .get("active")
                        .asBoolean())
                .isFalse();
        assertThat(this.flows.refresh(opaque.text("refresh_token")).status()).isEqualTo(401);
        assertThat(idsOf(list(this.userId, this.username, sidOf(jwt)).json().get("sessions")))
                .containsExactly(sidOf(jwt));
        assertThat(this.flows.refresh(jwt.text("refresh_token")).status()).isEqualTo(200);

        TestHttp.Response jwtDeleted = delete(SESSIONS + "/" + sidOf(jwt), this.userId, this.username, sidOf(jwt));
        TestHttp.Response again = delete(SESSIONS + "/" + sidOf(jwt), this.userId, this.username, sidOf(jwt));

        assertThat(jwtDeleted.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(list(this.userId, this.username, null).json().get("sessions"))
                .isEmpty();
    }

    @Test
    void deleteWhenSessionSignedOutThenRevocationFeedCarriesItsSidAndAuditHasIt() {
        TestHttp.Response jwt =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), FIREFOX_ON_WINDOWS);
        String sid = sidOf(jwt);
        String cursor = cursorNow();

        assertThat(delete(SESSIONS + "/" + sid, this.userId, this.username, sid).status())
                .isEqualTo(204);

        JsonNode feed = feed(cursor);
        assertThat(entries(feed.get("sessions"), "sid", sid)).hasSize(1);
        assertThat(entries(feed.get("users"), "sub", this.userId)).isEmpty();
        assertThat(auditDetails("SESSION_ENDED")).containsExactly("sid " + sid);
    }

    @Test
    void deleteAllWhenCalledThenEverySessionEndsTheCurrentOneIncluded() {
        TestHttp.Response jwt =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), FIREFOX_ON_WINDOWS);
        TestHttp.Response opaque =
                this.flows.loggedInFrom(this.username, PASSWORD, "opaque", Flows.uniqueAddress(), CHROME_ON_LINUX);
        String cursor = cursorNow();

        TestHttp.Response response = delete(SESSIONS, this.userId, this.username, sidOf(jwt));

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertThat(this.flows.refresh(jwt.text("refresh_token")).status()).isEqualTo(401);
        assertThat(this.flows.refresh(opaque.text("refresh_token")).status()).isEqualTo(401);
        assertThat(this.flows
                        .introspected(opaque.text("access_token"))
                        .get("active")
                        .asBoolean())
                .isFalse();
        assertThat(list(this.userId, this.username, sidOf(jwt)).json().get("sessions"))
                .isEmpty();
        assertThat(entries(feed(cursor).get("users"), "sub", this.userId)).hasSize(1);
        assertThat(auditDetails("SESSIONS_ENDED")).containsExactly("2 sessions");
    }

    @Test
    void lastUsedWhenRefreshedThenMovesToTheRefresh() {
        TestHttp.Response login =
                this.flows.loggedInFrom(this.username, PASSWORD, "jwt", Flows.uniqueAddress(), FIREFOX_ON_WINDOWS);
        JsonNode before = only(list(this.userId, this.username, null));
        this.clock.advance(Duration.ofMinutes(5));

        assertThat(this.flows.refresh(login.text("refresh_token")).status()).isEqualTo(200);

        JsonNode after = only(list(this.userId, this.username, null));
        Instant createdAt = Instant.parse(before.get("created_at").asString());
        assertThat(Instant.parse(after.get("created_at").asString())).isEqualTo(createdAt);
        assertThat(Instant.parse(after.get("last_used_at").asString()))
                .isAfterOrEqualTo(createdAt.plus(Duration.ofMinutes(5)));
    }

    @Test
    void lastUsedWhenIntrospectedThenMovesAtMostOncePerTouchInterval() {
        TestHttp.Response login =
                this.flows.loggedInFrom(this.username, PASSWORD, "opaque", Flows.uniqueAddress(), CHROME_ON_LINUX);
        String token = login.text("access_token");
        Instant createdAt = Instant.parse(
                only(list(this.userId, this.username, null)).get("created_at").asString());

        this.clock.advance(Duration.ofSeconds(20));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();
        Instant withinInterval = lastUsed();
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();
        Instant touched = lastUsed();
        this.clock.advance(Duration.ofSeconds(20));
        assertThat(this.flows.introspected(token).get("active").asBoolean()).isTrue();

        assertThat(withinInterval).isEqualTo(createdAt);
        assertThat(touched).isAfterOrEqualTo(createdAt.plus(Duration.ofMinutes(2)));
        assertThat(lastUsed()).isEqualTo(touched);
    }

    private Instant lastUsed() {
        return Instant.parse(
                only(list(this.userId, this.username, null)).get("last_used_at").asString());
    }

    private TestHttp.Response list(String userId, String username, String sid) {
        return this.http.get(
                SESSIONS,
                TestPassports.HEADER,
                TestPassports.forSession(userId, username, Set.of("USER"), sid, "GET", SESSIONS));
    }

    private TestHttp.Response delete(String path, String userId, String username, String sid) {
        return this.http.request(
                "DELETE",
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forSession(userId, username, Set.of("USER"), sid, "DELETE", path));
    }

    private static JsonNode only(TestHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode sessions = response.json().get("sessions");
        assertThat(sessions).hasSize(1);
        return sessions.get(0);
    }

    private static List<String> idsOf(JsonNode sessions) {
        List<String> ids = new ArrayList<>();
        sessions.forEach(session -> ids.add(session.get("id").asString()));
        return ids;
    }

    private static String sidOf(TestHttp.Response login) {
        try {
            return SignedJWT.parse(login.text("access_token")).getJWTClaimsSet().getStringClaim("sid");
        } catch (java.text.ParseException ex) {
            throw new AssertionError(ex);
        }
    }

    private List<String> auditDetails(String type) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE type = ? AND account_id = ? ORDER BY id")
                .param(type)
                .param(UUID.fromString(this.userId))
                .query(String.class)
                .list();
    }

    private String cursorNow() {
        JsonNode page = feed("");
        while (page.get("more").asBoolean()) {
            page = feed(page.get("next").asString());
        }
        return page.get("next").asString();
    }

    private JsonNode feed(String since) {
        TestHttp.Response response = this.http.get(
                FEED + "?since=" + since,
                TestPassports.HEADER,
                TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "GET", FEED));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> entries(JsonNode list, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : list) {
            if (value.equals(entry.get(field).asString())) {
                found.add(entry);
            }
        }
        return found;
    }

    private String idOf(String name) {
        return Flows.idOf(this.jdbc, name);
    }
}
