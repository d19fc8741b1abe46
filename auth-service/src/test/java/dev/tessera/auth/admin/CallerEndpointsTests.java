package dev.tessera.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TestTokens;
import dev.tessera.testsupport.PassportMinter;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Endpoints that need a caller trust only the gateway's passport (issue 3). */
@AuthServiceTest
class CallerEndpointsTests {

    private static final String PASSWORD = "caller endpoints password";

    /** A passport secret auth-service does not hold: what a forger would sign with. */
    private static final String OTHER_SECRET = "c2VjcmV0LW9mLXNvbWVvbmUtZWxzZS0zMi1ieXRlcy1sb25n";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    String adminId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("caller");
        this.flows.registered(this.username, PASSWORD);
        this.userId = idOf(this.username);
        this.adminId = idOf("admin");
    }

    @Test
    void meWhenPassportNamesCallerThenTheirAccount() {
        TestHttp.Response me = get("/auth/me", asUser());

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(this.userId);
        assertThat(me.text("username")).isEqualTo(this.username);
        assertThat(me.header("Cache-Control")).isEqualTo("no-store");
        assertThat(me.body()).doesNotContain("hash").doesNotContain("argon2");
    }

    @Test
    void meWhenPassportMissingForgedReplayedOrAnonymousThen401() {
        String forged = new PassportMinter(OTHER_SECRET, "auth-service")
                .caller(this.userId, this.username, Set.of("USER"), "GET", "/auth/me");
        String otherPath =
                TestPassports.forCaller(this.userId, this.username, Set.of("USER"), "POST", "/auth/logout-all");
        String otherAudience = new PassportMinter(AuthServiceTest.PASSPORT_SECRET, "forum-service")
                .caller(this.userId, this.username, Set.of("USER"), "GET", "/auth/me");

        assertProblem(this.http.get("/auth/me"), 401);
        assertProblem(get("/auth/me", forged), 401);
        assertProblem(get("/auth/me", otherPath), 401);
        assertProblem(get("/auth/me", otherAudience), 401);
        assertProblem(get("/auth/me", TestPassports.anonymous("GET", "/auth/me")), 401);
        assertProblem(this.http.get("/auth/me", "X-User-Id", this.userId), 401);
    }

    @Test
    void loginWhenGatewayAnonymousPassportThenAcceptedAndWhenForgedPassportThen401() {
        String body = TestHttp.json(java.util.Map.of("username", this.username, "password", PASSWORD));
        String forged = new PassportMinter(OTHER_SECRET, "auth-service").anonymous("POST", "/auth/login");

        TestHttp.Response viaGateway = this.http.postJson(
                "/auth/login",
                body,
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"));
        TestHttp.Response withForgery = this.http.postJson("/auth/login", body, TestPassports.HEADER, forged);

        assertThat(viaGateway.status()).isEqualTo(200);
        assertProblem(withForgery, 401);
        assertThat(withForgery.body()).doesNotContain("access_token");
    }

    @Test
    void logoutAllWhenCalledThenEveryFamilyOfTheCallerIsRevoked() {
        String phone = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String laptop = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");

        TestHttp.Response response = this.http.request(
                "POST",
                "/auth/logout-all",
                null,
                TestPassports.HEADER,
                passport(this.userId, "USER", "POST", "/auth/logout-all"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(this.flows.refresh(phone).status()).isEqualTo(401);
        assertThat(this.flows.refresh(laptop).status()).isEqualTo(401);
        assertThat(this.jdbc
                        .sql("SELECT detail FROM audit_event WHERE type = 'SESSIONS_ENDED' AND account_id = ?")
                        .param(java.util.UUID.fromString(this.userId))
                        .query(String.class)
                        .list())
                .containsExactly("2 sessions");
        assertThat(this.flows.loggedIn(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void adminEndpointsWhenCallerLacksAdminThen403() {
        assertProblem(get("/auth/admin/users", passport(this.userId, "USER", "GET", "/auth/admin/users")), 403);
        // ADMIN in the passport but not in the database (e.g. demoted since the token was issued).
        assertProblem(get("/auth/admin/users", passport(this.userId, "ADMIN", "GET", "/auth/admin/users")), 403);
    }

    @Test
    void adminSearchWhenQueriedThenPagedAndWildcardsMatchedLiterally() {
        TestHttp.Response found = get(
                "/auth/admin/users?q=" + this.username.toUpperCase(java.util.Locale.ROOT) + "&size=5",
                asAdmin("GET", "/auth/admin/users"));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().get("items")).hasSize(1);
        assertThat(found.json().get("items").get(0).get("username").asString()).isEqualTo(this.username);
        assertThat(found.json().get("total_items").asLong()).isEqualTo(1);

        TestHttp.Response wildcard = get("/auth/admin/users?q=%25", asAdmin("GET", "/auth/admin/users"));
        assertThat(wildcard.json().get("total_items").asLong()).isZero();

        TestHttp.Response all = get("/auth/admin/users?size=2&page=0", asAdmin("GET", "/auth/admin/users"));
        assertThat(all.json().get("items")).hasSize(2);
        assertThat(all.json().get("total_items").asLong()).isGreaterThanOrEqualTo(2);

        assertProblem(get("/auth/admin/users?size=1000", asAdmin("GET", "/auth/admin/users")), 400);
    }

    @Test
    void adminChangeRolesWhenGrantedModeratorThenNextRefreshCarriesTheRole() throws Exception {
        String refreshToken = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String path = "/auth/admin/users/" + this.userId + "/roles";

        TestHttp.Response changed = this.http.request(
                "PUT", path, "{\"roles\":[\"MODERATOR\"]}", TestPassports.HEADER, asAdmin("PUT", path));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("roles").toString()).isEqualTo("[\"MODERATOR\",\"USER\"]");
        String access = this.flows.refresh(refreshToken).text("access_token");
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("MODERATOR", "USER");
        assertProblem(
                this.http.request("PUT", path, "{\"roles\":[\"ROOT\"]}", TestPassports.HEADER, asAdmin("PUT", path)),
                400);
    }

    @Test
    void adminDisableWhenCalledThenRefreshTokensRevokedAndLoginRefusedUntilEnabled() {
        String refreshToken = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String disable = "/auth/admin/users/" + this.userId + "/disable";

        TestHttp.Response disabled =
                this.http.request("POST", disable, null, TestPassports.HEADER, asAdmin("POST", disable));

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(this.flows.refresh(refreshToken).status()).isEqualTo(401);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(401);
        assertProblem(get("/auth/me", asUser()), 401);

        String enable = "/auth/admin/users/" + this.userId + "/enable";
        assertThat(this.http
                        .request("POST", enable, null, TestPassports.HEADER, asAdmin("POST", enable))
                        .status())
                .isEqualTo(200);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void adminLogoutWhenCalledThenEverySessionRevokedButAccountStaysEnabled() {
        String session = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String path = "/auth/admin/users/" + this.userId + "/logout";

        TestHttp.Response response = this.http.request("POST", path, null, TestPassports.HEADER, asAdmin("POST", path));

        assertThat(response.status()).isEqualTo(204);
        assertThat(this.flows.refresh(session).status()).isEqualTo(401);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void adminWhenChangeWouldLeaveNoAdministratorThen409() {
        String disableSelf = "/auth/admin/users/" + this.adminId + "/disable";
        String demoteSelf = "/auth/admin/users/" + this.adminId + "/roles";

        assertProblem(
                this.http.request("POST", disableSelf, null, TestPassports.HEADER, asAdmin("POST", disableSelf)), 409);
        assertProblem(
                this.http.request(
                        "PUT", demoteSelf, "{\"roles\":[\"USER\"]}", TestPassports.HEADER, asAdmin("PUT", demoteSelf)),
                409);
        assertThat(this.flows.login("admin", AuthServiceTest.ADMIN_PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void adminViewWhenAccountExistsThenShownAndUnknownIs404() {
        String path = "/auth/admin/users/" + this.userId;
        TestHttp.Response found = get(path, asAdmin("GET", path));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.text("username")).isEqualTo(this.username);
        assertThat(found.json().get("enabled").asBoolean()).isTrue();

        String unknown = "/auth/admin/users/" + UUID.randomUUID();
        assertProblem(get(unknown, asAdmin("GET", unknown)), 404);
    }

    @Test
    void adminWhenTargetUnknownOrIdMalformedThen404Or400() {
        String unknown = "/auth/admin/users/" + UUID.randomUUID() + "/disable";
        assertProblem(this.http.request("POST", unknown, null, TestPassports.HEADER, asAdmin("POST", unknown)), 404);
        String malformed = "/auth/admin/users/not-a-uuid/disable";
        assertProblem(
                this.http.request("POST", malformed, null, TestPassports.HEADER, asAdmin("POST", malformed)), 400);
    }

    @Test
    void adminRotateKeysWhenCalledThenNewKidSignsAndOldTokensStillVerify() throws Exception {
        String before = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        String path = "/auth/admin/keys/rotate";

        TestHttp.Response rotated = this.http.request("POST", path, "{}", TestPassports.HEADER, asAdmin("POST", path));

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String after = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(rotated.text("kid"));
        var jwks = TestTokens.fetchJwks(this.http);
        TestTokens.verify(before, jwks, java.time.Clock.systemUTC());
        TestTokens.verify(after, jwks, java.time.Clock.systemUTC());
    }

    @Test
    void adminKeysWhenRotatedThenNewKidActiveAndOldOneRetiredWithoutKeyMaterial() {
        String rotate = "/auth/admin/keys/rotate";
        String before = this.http
                .request("POST", rotate, "{}", TestPassports.HEADER, asAdmin("POST", rotate))
                .text("kid");
        String after = this.http
                .request("POST", rotate, "{}", TestPassports.HEADER, asAdmin("POST", rotate))
                .text("kid");

        TestHttp.Response keys = get("/auth/admin/keys", asAdmin("GET", "/auth/admin/keys"));

        assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
        assertThat(keys.header("Cache-Control")).isEqualTo("no-store");
        var items = keys.json().get("items");
        assertThat(items.get(0).get("kid").asString()).isEqualTo(after);
        assertThat(items.get(0).get("status").asString()).isEqualTo("active");
        assertThat(items.get(0).get("algorithm").asString()).isIn("RS256", "ES256");
        assertThat(items.get(0).has("created_at")).isTrue();
        assertThat(items.get(1).get("kid").asString()).isEqualTo(before);
        assertThat(items.get(1).get("status").asString()).isEqualTo("retired");
        // Neither half of a key: no JWK members (n, e, x, y, d) and no sealed private key.
        assertThat(keys.body())
                .doesNotContain("\"n\"")
                .doesNotContain("\"x\"")
                .doesNotContain("\"d\"")
                .doesNotContain("jwk")
                .doesNotContain("sealed");
        assertProblem(get("/auth/admin/keys", passport(this.userId, "USER", "GET", "/auth/admin/keys")), 403);
    }

    @Test
    void requestWhenPathUnmappedThen401WithoutPassportAnd404WithOne() {
        assertProblem(this.http.get("/auth/nothing-here"), 401);
        assertProblem(get("/auth/nothing-here", passport(this.userId, "USER", "GET", "/auth/nothing-here")), 404);
    }

    private TestHttp.Response get(String path, String passport) {
        return this.http.get(path, TestPassports.HEADER, passport);
    }

    private String asUser() {
        return passport(this.userId, "USER", "GET", "/auth/me");
    }

    private String asAdmin(String method, String path) {
        return TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), method, path);
    }

    private String passport(String id, String role, String method, String path) {
        return TestPassports.forCaller(id, this.username, Set.of(role), method, path);
    }

    private String idOf(String name) {
        return Flows.idOf(this.jdbc, name);
    }

    private static void assertProblem(TestHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
}
