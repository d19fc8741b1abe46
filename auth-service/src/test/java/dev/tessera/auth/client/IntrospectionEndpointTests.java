package dev.tessera.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestClients;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7662 introspection at {@code POST /auth/oauth2/introspect} (issue 15), over real HTTP and PostgreSQL, for both
 * schemes and machine tokens. The service's clock is a {@link MutableClock}, so expiry needs no sleeping.
 */
@TimeTravelTest
@ExtendWith(OutputCaptureExtension.class)
class IntrospectionEndpointTests {

    private static final String PASSWORD = "introspection test password";

    @LocalServerPort
    int port;

    @Autowired
    MachineClients clients;

    @Autowired
    MutableClock clock;

    TestHttp http;

    Flows flows;

    String clientId;

    String secret;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        IntrospectingClient client = IntrospectingClient.register(this.clients);
        this.clientId = client.id();
        this.secret = client.secret();
        this.username = Flows.uniqueName("intro");
        this.userId = this.flows.register(this.username, PASSWORD).text("id");
    }

    @Test
    void introspectWhenActiveUserJwtThenActiveWithTheStandardMembersAndRoles(CapturedOutput output) throws Exception {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();

        TestHttp.Response response = introspect(token);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode json = response.json();
        assertThat(fields(json))
                .containsExactly(
                        "active",
                        "client_id",
                        "username",
                        "token_type",
                        "exp",
                        "iat",
                        "nbf",
                        "sub",
                        "aud",
                        "iss",
                        "jti",
                        "roles",
                        "amr",
                        "auth_time");
        assertThat(json.get("amr").get(0).asString()).isEqualTo("pwd");
        assertThat(json.get("auth_time").asLong()).isEqualTo(claims.getLongClaim("auth_time"));
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("client_id").asString()).isEqualTo("tessera-web");
        assertThat(json.get("username").asString()).isEqualTo(this.username);
        assertThat(json.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(json.get("sub").asString()).isEqualTo(this.userId);
        assertThat(json.get("aud").asString()).isEqualTo("tessera");
        assertThat(json.get("iss").asString()).isEqualTo("http://localhost:8080");
        assertThat(json.get("jti").asString()).isEqualTo(claims.getJWTID());
        assertThat(json.get("exp").asLong())
                .isEqualTo(claims.getExpirationTime().toInstant().getEpochSecond());
        assertThat(json.get("iat").asLong())
                .isEqualTo(claims.getIssueTime().toInstant().getEpochSecond());
        assertThat(json.get("nbf").asLong())
                .isEqualTo(claims.getNotBeforeTime().toInstant().getEpochSecond());
        assertThat(json.get("roles").get(0).asString()).isEqualTo("USER");
        // Never a token or a secret in the log (the service's line about this client is there: the capture works).
        assertThat(output.getAll()).contains("registered machine client " + this.clientId);
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(this.secret);
    }

    @Test
    void introspectWhenActiveOpaqueSessionThenActiveWithTheUsersMembers() {
        String session = this.http
                .postJson(
                        "/auth/login",
                        TestHttp.json(
                                Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque")),
                        TestPassports.HEADER,
                        TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"))
                .text("access_token");

        JsonNode json = introspect(session).json();

        assertThat(fields(json))
                .containsExactly(
                        "active",
                        "client_id",
                        "username",
                        "token_type",
                        "exp",
                        "iat",
                        "sub",
                        "aud",
                        "iss",
                        "roles",
                        "amr",
                        "auth_time");
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("sub").asString()).isEqualTo(this.userId);
        assertThat(json.get("username").asString()).isEqualTo(this.username);
        assertThat(json.get("client_id").asString()).isEqualTo("tessera-web");
        assertThat(json.get("aud").asString()).isEqualTo("tessera");
        assertThat(json.get("exp").asLong()).isGreaterThan(json.get("iat").asLong());
    }

    @Test
    void introspectWhenMachineTokenThenActiveWithClientAndScopeUntilItsClientIsDisabled() {
        String other = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String otherSecret = this.clients
                .register(other, List.of("notification-service"), List.of("notifications:write"), null)
                .clientSecret();
        String token = new TestClients(this.http)
                .basic(
                        other,
                        otherSecret,
                        Map.of("grant_type", "client_credentials", "audience", "notification-service"))
                .text("access_token");

        JsonNode json = introspect(token).json();

        assertThat(fields(json))
                .containsExactly(
                        "active", "scope", "client_id", "token_type", "exp", "iat", "sub", "aud", "iss", "jti");
        assertThat(json.get("client_id").asString()).isEqualTo(other);
        assertThat(json.get("sub").asString()).isEqualTo(other);
        assertThat(json.get("scope").asString()).isEqualTo("notifications:write");
        assertThat(json.get("aud").asString()).isEqualTo("notification-service");

        this.clients.setEnabled(other, false, null);
        assertInactive(introspect(token));
    }

    @Test
    void introspectWhenLoggedOutOrAllSessionsRevokedThenInactive() {
        TestHttp.Response first = this.flows.loggedIn(this.username, PASSWORD);
        TestHttp.Response second = this.flows.loggedIn(this.username, PASSWORD);
        assertThat(introspect(first.text("access_token")).json().get("active").asBoolean())
                .isTrue();

        // Logout: the family (sid) is revoked.
        assertThat(this.flows.logout(first.text("refresh_token")).status()).isEqualTo(204);
        assertInactive(introspect(first.text("access_token")));
        assertThat(introspect(second.text("access_token")).json().get("active").asBoolean())
                .isTrue();

        // Logout everywhere: a user-level revocation.
        TestHttp.Response all = this.http.request(
                "POST",
                "/auth/logout-all",
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(this.userId, this.username, Set.of("USER"), "POST", "/auth/logout-all"));
        assertThat(all.status()).isEqualTo(204);
        assertInactive(introspect(second.text("access_token")));
    }

    @Test
    void introspectWhenExpiredThenInactive() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        assertThat(introspect(token).json().get("active").asBoolean()).isTrue();

        // The access-token lifetime (5 min) and the skew allowed between replicas, and then some.
        this.clock.advance(Duration.ofMinutes(6));

        assertInactive(introspect(token));
    }

    @Test
    void introspectWhenGarbageForgedOrNotAnAccessTokenThenInactiveNeverAnError() throws Exception {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String token = login.text("access_token");
        SignedJWT genuine = SignedJWT.parse(token);
        // Our kid and claims, someone else's key.
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(genuine.getHeader().getKeyID())
                        .type(genuine.getHeader().getType())
                        .build(),
                genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
                + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);

        for (String bad : List.of(
                "",
                "garbage",
                "a.b.c",
                "x".repeat(43),
                forged.serialize(),
                tampered,
                login.text("refresh_token"),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")) {
            TestHttp.Response response = introspect(bad);
            assertThat(response.status()).as(bad).isEqualTo(200);
            assertThat(response.body()).as(bad).isEqualTo("{\"active\":false}");
        }
    }

    @Test
    void introspectWhenClientLacksTheIntrospectScopeThen403UnauthorizedClient() {
        String other = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        String otherSecret = this.clients
                .register(other, List.of("notification-service"), List.of("notifications:write"), null)
                .clientSecret();
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");

        TestHttp.Response response = introspect(other, otherSecret, Map.of("token", token));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text("error")).isEqualTo("unauthorized_client");
        assertThat(response.body()).doesNotContain(this.username).doesNotContain("active");
    }

    @Test
    void introspectWhenSecretWrongClientUnknownOrDisabledThenOneInvalidClientWithBasicChallenge() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        TestHttp.Response wrong = introspect(this.clientId, this.secret + "x", Map.of("token", token));
        TestHttp.Response unknown = introspect("no-such-client", this.secret, Map.of("token", token));
        TestHttp.Response none = post(Map.of("token", token));
        this.clients.setEnabled(this.clientId, false, null);
        TestHttp.Response disabled = introspect(this.clientId, this.secret, Map.of("token", token));

        for (TestHttp.Response response : List.of(wrong, unknown, none, disabled)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.bytes()).isEqualTo(wrong.bytes());
        }
        assertThat(wrong.text("error")).isEqualTo("invalid_client");
    }

    @Test
    void introspectWhenClientSecretPostThenSameAnswerAsBasic() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", "access_token");
        form.put("client_id", this.clientId);
        form.put("client_secret", this.secret);

        TestHttp.Response response = post(form);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("sub").asString()).isEqualTo(this.userId);
    }

    @Test
    void introspectWhenNotAFormTokenMissingRepeatedOrInTheQueryThen400InvalidRequest() {
        String basic = TestClients.basicHeader(this.clientId, this.secret);
        TestHttp.Response json = this.http.post(
                IntrospectionEndpoint.PATH,
                "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                "Authorization",
                basic);
        TestHttp.Response missing = introspect(this.clientId, this.secret, Map.of());
        TestHttp.Response repeated = this.http.post(
                IntrospectionEndpoint.PATH,
                "token=a&token=b".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                "Authorization",
                basic);
        TestHttp.Response query = this.http.post(
                IntrospectionEndpoint.PATH + "?token=a",
                new byte[0],
                "application/x-www-form-urlencoded",
                "Authorization",
                basic);

        for (TestHttp.Response response : List.of(json, missing, repeated, query)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.text("error")).isEqualTo("invalid_request");
            assertThat(response.body()).doesNotContain("Exception");
        }
    }

    private TestHttp.Response introspect(String token) {
        return introspect(this.clientId, this.secret, Map.of("token", token));
    }

    private TestHttp.Response introspect(String id, String secret, Map<String, String> form) {
        return post(form, "Authorization", TestClients.basicHeader(id, secret));
    }

    private TestHttp.Response post(Map<String, String> form, String... headers) {
        List<String> all = new ArrayList<>(List.of(
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", IntrospectionEndpoint.PATH)));
        all.addAll(List.of(headers));
        return this.http.post(
                IntrospectionEndpoint.PATH,
                TestClients.encode(form).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                all.toArray(String[]::new));
    }

    private static void assertInactive(TestHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"active\":false}");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    private static List<String> fields(JsonNode json) {
        return new ArrayList<>(json.propertyNames());
    }
}
