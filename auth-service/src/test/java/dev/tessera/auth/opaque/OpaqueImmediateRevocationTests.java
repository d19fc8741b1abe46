package dev.tessera.auth.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
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

/**
 * Scheme A's promise (docs/threat-model.md K5, issue 13 item 4): a role change, disabling the account, a password
 * change and logout everywhere take effect on the very next introspection of every opaque session of the
 * account, with no refresh and no cache in between.
 */
@AuthServiceTest
class OpaqueImmediateRevocationTests {

    private static final String PASSWORD = "immediate revocation password";

    private static final String INTROSPECT = "/internal/introspect";

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
        this.username = Flows.uniqueName("revoke");
        this.flows.registered(this.username, PASSWORD);
        this.userId = idOf(this.username);
        this.adminId = idOf("admin");
    }

    @Test
    void introspectWhenModeratorRoleRemovedThenNextAnswerHasNoModeratorRole() {
        assertThat(setRoles("USER", "MODERATOR").status()).isEqualTo(200);
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        assertThat(roles(this.flows.introspected(token))).containsExactly("MODERATOR", "USER");

        assertThat(setRoles("USER").status()).isEqualTo(200);

        JsonNode answer = this.flows.introspected(token);
        assertThat(answer.get("active").asBoolean()).isTrue();
        assertThat(roles(answer)).containsExactly("USER");
    }

    @Test
    void introspectWhenRoleGrantedThenNextAnswerHasTheRole() {
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        assertThat(roles(this.flows.introspected(token))).containsExactly("USER");

        assertThat(setRoles("USER", "MODERATOR").status()).isEqualTo(200);

        assertThat(roles(this.flows.introspected(token))).containsExactly("MODERATOR", "USER");
    }

    @Test
    void introspectWhenAccountDisabledThenEverySessionInactiveAtOnce() {
        String first = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String second = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");

        String path = "/auth/admin/users/" + this.userId + "/disable";
        assertThat(this.http
                        .request("POST", path, null, TestPassports.HEADER, asAdmin("POST", path))
                        .status())
                .isEqualTo(200);

        assertThat(this.flows.introspected(first).get("active").asBoolean()).isFalse();
        assertThat(this.flows.introspected(second).get("active").asBoolean()).isFalse();
    }

    @Test
    void introspectWhenAccountDisabledBehindTheFamiliesBackThenInactive() {
        // Even a change that revoked no family (a direct database edit) is seen: the account row is read.
        String token = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");

        this.jdbc
                .sql("UPDATE account SET enabled = false WHERE id = ?")
                .param(UUID.fromString(this.userId))
                .update();

        assertThat(this.flows.introspected(token).get("active").asBoolean()).isFalse();
    }

    @Test
    void introspectWhenPasswordChangedThenOtherSessionsInactiveAndOwnKept() {
        String own = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String other = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String ownSid = this.flows.introspected(own).get("sid").asString();

        String path = "/auth/password";
        TestHttp.Response changed = this.http.postJson(
                path,
                TestHttp.json(Map.of("current_password", PASSWORD, "new_password", "a different long passphrase 7")),
                TestPassports.HEADER,
                TestPassports.forSessionFrom(
                        Flows.uniqueAddress(), this.userId, this.username, Set.of("USER"), ownSid, "POST", path));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        assertThat(this.flows.introspected(other).get("active").asBoolean()).isFalse();
        assertThat(this.flows.introspected(own).get("active").asBoolean()).isTrue();
    }

    @Test
    void introspectWhenLogoutEverywhereThenEverySessionInactiveAtOnce() {
        String first = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String second = this.flows.loggedInOpaque(this.username, PASSWORD).text("access_token");
        String sid = this.flows.introspected(first).get("sid").asString();

        String path = "/auth/logout-all";
        TestHttp.Response loggedOut = this.http.request(
                "POST",
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), sid, "POST", path));
        assertThat(loggedOut.status()).isEqualTo(204);

        assertThat(this.flows.introspected(first).get("active").asBoolean()).isFalse();
        assertThat(this.flows.introspected(second).get("active").asBoolean()).isFalse();
    }

    private TestHttp.Response setRoles(String... roles) {
        String path = "/auth/admin/users/" + this.userId + "/roles";
        return this.http.request(
                "PUT",
                path,
                TestHttp.json(Map.of("roles", List.of(roles))),
                TestPassports.HEADER,
                asAdmin("PUT", path));
    }

    private String asAdmin(String method, String path) {
        return TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), method, path);
    }

    private static List<String> roles(JsonNode answer) {
        List<String> roles = new ArrayList<>();
        answer.get("roles").forEach(role -> roles.add(role.asString()));
        return roles;
    }

    private String idOf(String name) {
        return Flows.idOf(this.jdbc, name);
    }
}
