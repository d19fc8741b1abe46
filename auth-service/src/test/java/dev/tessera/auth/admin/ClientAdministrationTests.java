package dev.tessera.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestClients;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code /auth/admin/clients}: machine clients managed by active administrators, every change audited. */
@AuthServiceTest
class ClientAdministrationTests {

    private static final String CLIENTS = "/auth/admin/clients";

    private static final Map<String, String> FOR_NOTIFICATIONS =
            Map.of("grant_type", "client_credentials", "audience", "notification-service");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    TestClients tokens;

    String adminId;

    String clientId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.tokens = new TestClients(this.http);
        this.adminId = this.jdbc
                .sql("SELECT id FROM account WHERE username = 'admin'")
                .query(UUID.class)
                .single()
                .toString();
        this.clientId = "adm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registerWhenAdminThen201WithSecretShownOnceAndAudited() throws Exception {
        TestHttp.Response created = register(this.clientId);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(CLIENTS + "/" + this.clientId);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String secret = created.text("clientSecret");
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("audiences").toString()).isEqualTo("[\"notification-service\"]");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();

        TestHttp.Response list = admin("GET", CLIENTS);
        TestHttp.Response one = admin("GET", CLIENTS + "/" + this.clientId);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"clientId\":\"" + this.clientId + "\"", "seeded-service");
        assertThat(list.body() + one.body())
                .doesNotContain(secret)
                .doesNotContain(hash)
                .doesNotContain("clientSecret");
        assertThat(one.text("clientId")).isEqualTo(this.clientId);
        assertThat(this.tokens.basic(this.clientId, secret, FOR_NOTIFICATIONS).status())
                .isEqualTo(200);
        assertAudited("CLIENT_REGISTERED");
    }

    @Test
    void registerWhenIdTakenThen409AndWhenInputBadThen400() {
        assertThat(register(this.clientId).status()).isEqualTo(201);

        assertProblem(register(this.clientId), 409);
        assertProblem(register("seeded-service"), 409);
        TestHttp.Response badId = register("Bad_Id");
        assertProblem(badId, 400);
        assertThat(badId.json().get("errors").get(0).get("field").asString()).isEqualTo("clientId");
        assertProblem(post(CLIENTS, "{\"clientId\":\"nice-id\",\"audiences\":[]}"), 400);
        TestHttp.Response userAudience =
                post(CLIENTS, "{\"clientId\":\"" + this.clientId + "x\",\"audiences\":[\"tessera\"]}");
        assertProblem(userAudience, 400);
        assertThat(userAudience.body()).contains("audience of user tokens");
        // The user tokens' client_id (tessera.auth.token.first-party-client-id) names one client only.
        TestHttp.Response firstParty = register("tessera-web");
        assertProblem(firstParty, 400);
        assertThat(firstParty.body()).contains("reserved for Tessera's own first-party client");
        assertProblem(
                post(
                        CLIENTS,
                        "{\"clientId\":\"" + this.clientId + "y\",\"audiences\":[\"a\"],\"scopes\":[\"a\\\"b\"]}"),
                400);
    }

    @Test
    void rotateWhenAdminThenNewSecretOnceOldRefusedAndAudited() {
        String old = register(this.clientId).text("clientSecret");

        TestHttp.Response rotated = admin("POST", CLIENTS + "/" + this.clientId + "/secret");

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String fresh = rotated.text("clientSecret");
        assertThat(fresh).isNotEqualTo(old).hasSize(43);
        assertThat(this.tokens.basic(this.clientId, old, FOR_NOTIFICATIONS).status())
                .isEqualTo(401);
        assertThat(this.tokens.basic(this.clientId, fresh, FOR_NOTIFICATIONS).status())
                .isEqualTo(200);
        assertAudited("CLIENT_SECRET_ROTATED");
    }

    @Test
    void disableAndEnableWhenAdminThenTokensRefusedThenIssuedAndAudited() {
        String secret = register(this.clientId).text("clientSecret");

        TestHttp.Response disabled = admin("POST", CLIENTS + "/" + this.clientId + "/disable");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(this.tokens.basic(this.clientId, secret, FOR_NOTIFICATIONS).text("error"))
                .isEqualTo("invalid_client");

        assertThat(admin("POST", CLIENTS + "/" + this.clientId + "/enable").status())
                .isEqualTo(200);
        assertThat(this.tokens.basic(this.clientId, secret, FOR_NOTIFICATIONS).status())
                .isEqualTo(200);
        assertAudited("CLIENT_DISABLED");
        assertAudited("CLIENT_ENABLED");
    }

    @Test
    void changeWhenClientUnknownThen404() {
        assertProblem(admin("GET", CLIENTS + "/no-such-client"), 404);
        assertProblem(admin("POST", CLIENTS + "/no-such-client/secret"), 404);
        assertProblem(admin("POST", CLIENTS + "/no-such-client/disable"), 404);
        assertProblem(admin("POST", CLIENTS + "/no-such-client/enable"), 404);
    }

    @Test
    void clientsWhenCallerIsNoActiveAdminThenRefusedAndNothingChanges() {
        Flows flows = new Flows(this.http);
        String username = Flows.uniqueName("notadmin");
        flows.registered(username, "client admin test password");
        String userId = Flows.idOf(this.jdbc, username);
        String body = "{\"clientId\":\"" + this.clientId + "\",\"audiences\":[\"notification-service\"]}";

        assertProblem(
                this.http.request(
                        "POST",
                        CLIENTS,
                        body,
                        TestPassports.HEADER,
                        TestPassports.forCaller(userId, username, Set.of("USER"), "POST", CLIENTS)),
                403);
        // ADMIN in the passport but not in the database.
        assertProblem(
                this.http.request(
                        "POST",
                        CLIENTS,
                        body,
                        TestPassports.HEADER,
                        TestPassports.forCaller(userId, username, Set.of("ADMIN"), "POST", CLIENTS)),
                403);
        assertProblem(this.http.request("POST", CLIENTS, body), 401);
        assertProblem(this.http.get(CLIENTS), 401);
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM machine_client WHERE client_id = ?")
                        .param(this.clientId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private TestHttp.Response register(String id) {
        return post(
                CLIENTS,
                "{\"clientId\":\"" + id + "\",\"audiences\":[\"notification-service\"],"
                        + "\"scopes\":[\"notifications:write\"]}");
    }

    private TestHttp.Response post(String path, String json) {
        return this.http.request(
                "POST",
                path,
                json,
                TestPassports.HEADER,
                TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), "POST", path));
    }

    private TestHttp.Response admin(String method, String path) {
        return this.http.request(
                method,
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(this.adminId, "admin", Set.of("ADMIN", "USER"), method, path));
    }

    private void assertAudited(String type) {
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM audit_event WHERE type = ? AND actor_id = ? AND detail = ?")
                        .params(type, UUID.fromString(this.adminId), "client " + this.clientId)
                        .query(Long.class)
                        .single())
                .as(type)
                .isEqualTo(1L);
    }

    private static void assertProblem(TestHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
}
