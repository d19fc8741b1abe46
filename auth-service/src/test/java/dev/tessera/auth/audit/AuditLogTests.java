package dev.tessera.auth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The audit log of security events, read by administrators (issue 8). */
@AuthServiceTest
class AuditLogTests {

    private static final String AUDIT = "/auth/admin/audit";

    private static final String PASSWORD = "audit tests password 7";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void auditWhenLoginsAndAdminActionsHappenThenAdminsReadThemWithAddressesAndNoSecrets() {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("audited");
        flows.registered(username, PASSWORD);
        String userId = idOf(username);
        String adminId = idOf("admin");
        String address = Flows.uniqueAddress();
        assertThat(flows.login(username, PASSWORD, address).status()).isEqualTo(200);
        assertThat(flows.login(username, "wrong password typed here", address).status())
                .isEqualTo(401);
        String disable = "/auth/admin/users/" + userId + "/disable";
        assertThat(http.request("POST", disable, null, TestPassports.HEADER, admin(adminId, "POST", disable))
                        .status())
                .isEqualTo(200);

        TestHttp.Response page = http.get(AUDIT + "?size=100", TestPassports.HEADER, admin(adminId, "GET", AUDIT));

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        List<JsonNode> events = new ArrayList<>();
        page.json().get("items").forEach(events::add);
        assertThat(events)
                .anySatisfy(e -> {
                    assertThat(e.get("type").asString()).isEqualTo("LOGIN_SUCCEEDED");
                    assertThat(e.get("account_id").asString()).isEqualTo(userId);
                    assertThat(e.get("address").asString()).isEqualTo("ipv4:" + address);
                })
                .anySatisfy(e -> {
                    assertThat(e.get("type").asString()).isEqualTo("LOGIN_FAILED");
                    assertThat(e.get("address").asString()).isEqualTo("ipv4:" + address);
                })
                .anySatisfy(e -> {
                    assertThat(e.get("type").asString()).isEqualTo("ACCOUNT_DISABLED");
                    assertThat(e.get("account_id").asString()).isEqualTo(userId);
                    assertThat(e.get("actor_id").asString()).isEqualTo(adminId);
                });
        assertThat(page.body()).doesNotContain(PASSWORD).doesNotContain("wrong password typed here");
    }

    @Test
    void auditWhenFilteredByTypeAndAccountThenOnlyThoseEventsAndTheirCount() {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("filtered");
        flows.registered(username, PASSWORD);
        String userId = idOf(username);
        String adminId = idOf("admin");
        assertThat(flows.login(username, PASSWORD).status()).isEqualTo(200);
        assertThat(flows.login(username, PASSWORD).status()).isEqualTo(200);
        String disable = "/auth/admin/users/" + userId + "/disable";
        assertThat(http.request("POST", disable, null, TestPassports.HEADER, admin(adminId, "POST", disable))
                        .status())
                .isEqualTo(200);
        String passport = admin(adminId, "GET", AUDIT);

        TestHttp.Response ofAccount = http.get(AUDIT + "?account=" + userId, TestPassports.HEADER, passport);
        TestHttp.Response logins =
                http.get(AUDIT + "?type=LOGIN_SUCCEEDED&account=" + userId, TestPassports.HEADER, passport);
        TestHttp.Response disabled =
                http.get(AUDIT + "?type=ACCOUNT_DISABLED&size=100", TestPassports.HEADER, passport);

        assertThat(ofAccount.status()).as(ofAccount.toString()).isEqualTo(200);
        assertThat(types(ofAccount)).containsExactly("ACCOUNT_DISABLED", "LOGIN_SUCCEEDED", "LOGIN_SUCCEEDED");
        assertThat(ofAccount.json().get("total_items").asLong()).isEqualTo(3);
        assertThat(types(logins)).containsExactly("LOGIN_SUCCEEDED", "LOGIN_SUCCEEDED");
        assertThat(logins.json().get("total_items").asLong()).isEqualTo(2);
        assertThat(types(disabled)).isNotEmpty().allMatch("ACCOUNT_DISABLED"::equals);
        List<String> accounts = new ArrayList<>();
        disabled.json()
                .get("items")
                .forEach(e -> accounts.add(e.get("account_id").asString()));
        assertThat(accounts).contains(userId);
    }

    @Test
    void auditWhenTypeUnknownOrAccountMalformedThen400() {
        TestHttp http = new TestHttp(this.port);
        String passport = admin(idOf("admin"), "GET", AUDIT);

        TestHttp.Response type = http.get(AUDIT + "?type=DROP_TABLE", TestPassports.HEADER, passport);
        TestHttp.Response account = http.get(AUDIT + "?account=not-a-uuid", TestPassports.HEADER, passport);

        assertThat(type.status()).as(type.toString()).isEqualTo(400);
        assertThat(type.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(account.status()).as(account.toString()).isEqualTo(400);
    }

    private static List<String> types(TestHttp.Response page) {
        List<String> types = new ArrayList<>();
        page.json().get("items").forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void auditWhenCallerIsNotAnAdminThen403() {
        TestHttp http = new TestHttp(this.port);
        String passport =
                TestPassports.forCaller(UUID.randomUUID().toString(), "someone", Set.of("USER"), "GET", AUDIT);

        TestHttp.Response response = http.get(AUDIT, TestPassports.HEADER, passport);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    private static String admin(String adminId, String method, String path) {
        return TestPassports.forCaller(adminId, "admin", Set.of("ADMIN", "USER"), method, path);
    }

    private String idOf(String name) {
        return Flows.idOf(this.jdbc, name);
    }
}
