package dev.tessera.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Roles and permissions are data (issue 17): the admin API, assignments of any defined role, and the gateways' policy. */
@AuthServiceTest
class RoleAdministrationTests {

    private static final String ROLES = "/auth/admin/roles";

    private static final String POLICY = "/internal/roles";

    private static final String PASSWORD = "role administration password";

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
        this.username = Flows.uniqueName("roles");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
        this.adminId = Flows.idOf(this.jdbc, "admin");
    }

    @Test
    void listWhenCalledThenBuiltInsWithTheirPermissionsAndHolders() {
        TestHttp.Response list = admin("GET", ROLES, null);

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.header("Cache-Control")).isEqualTo("no-store");
        JsonNode admin = role(list.json(), "ADMIN");
        assertThat(admin.get("built_in").asBoolean()).isTrue();
        assertThat(strings(admin.get("permissions"))).containsExactly("auth:admin", "forum:moderate", "forum:post");
        assertThat(admin.get("accounts").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("created_at").asString()).isNotEmpty();
        assertThat(strings(role(list.json(), "MODERATOR").get("permissions")))
                .containsExactly("forum:moderate", "forum:post");
        assertThat(role(list.json(), "USER").get("accounts").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void createWhenValidThenListedAssignableCarriedByTokensAndAudited() throws Exception {
        String name = uniqueRole();

        TestHttp.Response created = admin(
                "POST",
                ROLES,
                TestHttp.json(Map.of(
                        "name",
                        name,
                        "description",
                        "Edits the wiki",
                        "permissions",
                        List.of("wiki:page:edit", "forum:post", "wiki:page:edit"))));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(ROLES + "/" + name);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.json().get("built_in").asBoolean()).isFalse();
        assertThat(strings(created.json().get("permissions"))).containsExactly("forum:post", "wiki:page:edit");
        assertThat(created.json().get("accounts").asLong()).isZero();

        String refreshToken = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        TestHttp.Response assigned = assignRoles(name);
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(strings(assigned.json().get("roles"))).containsExactly(name, "USER");
        String access = this.flows.refresh(refreshToken).text("access_token");
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly(name, "USER");
        assertThat(admin("GET", ROLES + "/" + name, null).json().get("accounts").asLong())
                .isEqualTo(1);
        assertThat(auditDetails("ROLE_CREATED")).contains(name + ": forum:post,wiki:page:edit");
    }

    @Test
    void createWhenNameMalformedReservedOrTakenThen400Or409() {
        for (String bad : List.of("editor", "1EDITOR", "EDI-TOR", "E".repeat(33), "SERVICE", "")) {
            TestHttp.Response refused = admin("POST", ROLES, TestHttp.json(Map.of("name", bad)));
            assertProblem(refused, 400, "invalid-request");
        }
        assertProblem(admin("POST", ROLES, TestHttp.json(Map.of("name", "ADMIN"))), 409, "role-exists");
        String name = uniqueRole();
        assertThat(admin("POST", ROLES, TestHttp.json(Map.of("name", name))).status())
                .isEqualTo(201);
        assertProblem(admin("POST", ROLES, TestHttp.json(Map.of("name", name))), 409, "role-exists");
    }

    @Test
    void createOrUpdateWhenPermissionMalformedOrTooManyThen400AndNothingChanges() {
        String name = created(List.of("wiki:read"));
        String path = ROLES + "/" + name;

        assertProblem(
                admin("PUT", path, TestHttp.json(Map.of("permissions", List.of("Wiki Read")))), 400, "invalid-request");
        assertProblem(
                admin("PUT", path, TestHttp.json(Map.of("permissions", List.of("wiki:" + "a".repeat(60))))),
                400,
                "invalid-request");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            tooMany.add("wiki:p" + i);
        }
        assertProblem(admin("PUT", path, TestHttp.json(Map.of("permissions", tooMany))), 400, "invalid-request");
        assertProblem(
                admin("POST", ROLES, TestHttp.json(Map.of("name", uniqueRole(), "permissions", List.of("a::b")))),
                400,
                "invalid-request");

        assertThat(strings(admin("GET", path, null).json().get("permissions"))).containsExactly("wiki:read");
    }

    @Test
    void updateWhenCalledThenPermissionsReplacedAuditedAndPolicyVersionChanges() {
        String name = created(List.of("wiki:read", "wiki:write"));
        String path = ROLES + "/" + name;
        TestHttp.Response before = policy(null);

        TestHttp.Response updated = admin(
                "PUT",
                path,
                TestHttp.json(Map.of("description", "Reads only", "permissions", List.of("wiki:read", "wiki:export"))));

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.text("description")).isEqualTo("Reads only");
        assertThat(strings(updated.json().get("permissions"))).containsExactly("wiki:export", "wiki:read");
        TestHttp.Response after = policy(null);
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(strings(after.json().get("roles").get(name))).containsExactly("wiki:export", "wiki:read");
        assertThat(auditDetails("ROLE_CHANGED")).contains(name + ": wiki:export,wiki:read");
        assertProblem(
                admin("PUT", ROLES + "/NO_SUCH_ROLE", TestHttp.json(Map.of("permissions", List.of()))),
                404,
                "role-not-found");
    }

    @Test
    void deleteWhenBuiltInOrHeldThen409AndWhenFreeThenGoneAndAudited() {
        assertProblem(admin("DELETE", ROLES + "/MODERATOR", null), 409, "role-built-in");
        String name = created(List.of("wiki:read"));
        String path = ROLES + "/" + name;
        assertThat(assignRoles(name).status()).isEqualTo(200);

        assertProblem(admin("DELETE", path, null), 409, "role-in-use");

        assertThat(assignRoles().status()).isEqualTo(200);
        TestHttp.Response deleted = admin("DELETE", path, null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(admin("GET", path, null), 404, "role-not-found");
        assertProblem(admin("DELETE", path, null), 404, "role-not-found");
        assertThat(policy(null).json().get("roles").has(name)).isFalse();
        assertThat(auditDetails("ROLE_DELETED")).contains(name);
        assertProblem(assignRoles(name), 400, "unknown-role");
    }

    @Test
    void assignWhenRoleUnknownThen400NamingItAndRolesUnchanged() {
        TestHttp.Response refused = assignRoles("MODERATOR", "NOT_DEFINED_ANYWHERE");

        assertProblem(refused, 400, "unknown-role");
        assertThat(refused.text("role")).isEqualTo("NOT_DEFINED_ANYWHERE");
        assertThat(refused.text("detail")).contains("NOT_DEFINED_ANYWHERE");
        assertProblem(assignRoles("SERVICE"), 400, "unknown-role");
        assertProblem(assignRoles("moderator"), 400, "unknown-role");
        List<String> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add("R" + i);
        }
        assertProblem(assignRoles(seventeen.toArray(String[]::new)), 400, "invalid-request");
        assertThat(strings(admin("GET", "/auth/admin/users/" + this.userId, null)
                        .json()
                        .get("roles")))
                .containsExactly("USER");
    }

    @Test
    void rolesApiWhenCallerNotAnAdministratorThen403() {
        String path = ROLES;
        String user = TestPassports.forCaller(this.userId, this.username, Set.of("USER"), "GET", path);
        String claimedAdmin = TestPassports.forCaller(this.userId, this.username, Set.of("ADMIN"), "POST", path);

        assertProblem(this.http.get(path, TestPassports.HEADER, user), 403, "forbidden");
        assertProblem(
                this.http.request(
                        "POST", path, TestHttp.json(Map.of("name", uniqueRole())), TestPassports.HEADER, claimedAdmin),
                403,
                "forbidden");
    }

    @Test
    void policyWhenServiceCallsThenEveryRoleWithETagAnd304WhileUnchanged() {
        TestHttp.Response first = policy(null);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).isEqualTo("\"" + first.text("version") + "\"");
        assertThat(strings(first.json().get("roles").get("MODERATOR"))).containsExactly("forum:moderate", "forum:post");
        assertThat(first.json().get("roles").has("SERVICE")).isFalse();

        TestHttp.Response again = policy(etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);

        String name = created(List.of());
        TestHttp.Response changed = policy(etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("roles").get(name)).isEmpty();
    }

    @Test
    void policyWhenNoPassportOrNotAServiceThenRefused() {
        assertProblem(this.http.get(POLICY), 401, null);
        String admin = TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), "GET", POLICY);
        TestHttp.Response refused = this.http.get(POLICY, TestPassports.HEADER, admin);
        assertThat(refused.status()).isEqualTo(403);
    }

    private String created(List<String> permissions) {
        String name = uniqueRole();
        TestHttp.Response created =
                admin("POST", ROLES, TestHttp.json(Map.of("name", name, "permissions", permissions)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }

    private TestHttp.Response assignRoles(String... roles) {
        String path = "/auth/admin/users/" + this.userId + "/roles";
        List<String> list = new ArrayList<>(List.of(roles));
        list.add("USER");
        return admin("PUT", path, TestHttp.json(Map.of("roles", list)));
    }

    private TestHttp.Response policy(String ifNoneMatch) {
        String passport = TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "GET", POLICY);
        return (ifNoneMatch == null)
                ? this.http.get(POLICY, TestPassports.HEADER, passport)
                : this.http.get(POLICY, TestPassports.HEADER, passport, "If-None-Match", ifNoneMatch);
    }

    private TestHttp.Response admin(String method, String path, String json) {
        String passport = TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), method, path);
        return this.http.request(method, path, json, TestPassports.HEADER, passport);
    }

    private List<String> auditDetails(String type) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE type = ? AND actor_id = ?::uuid")
                .params(type, this.adminId)
                .query(String.class)
                .list();
    }

    private static String uniqueRole() {
        return "R_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    private static JsonNode role(JsonNode list, String name) {
        for (JsonNode role : list.get("items")) {
            if (role.get("name").asString().equals(name)) {
                return role;
            }
        }
        throw new AssertionError("no role " + name + " in " + list);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static void assertProblem(TestHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (slug != null) {
            assertThat(response.text("type")).isEqualTo("urn:tessera:problem:" + slug);
        }
    }
}
