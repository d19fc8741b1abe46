package dev.tessera.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestClients;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.keys.SigningKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The client credentials grant at {@code POST /auth/oauth2/token} (issue 12), over real HTTP and PostgreSQL. */
@AuthServiceTest
@ExtendWith(OutputCaptureExtension.class)
class ClientCredentialsTests {

    private static final Map<String, String> FOR_NOTIFICATIONS =
            Map.of("grant_type", "client_credentials", "audience", "notification-service");

    @LocalServerPort
    int port;

    @Autowired
    MachineClients clients;

    @Autowired
    SigningKeys keys;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    TestClients tokens;

    String clientId;

    String secret;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.tokens = new TestClients(this.http);
        this.clientId = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        this.secret = this.clients
                .register(
                        this.clientId,
                        List.of("notification-service", "search-service"),
                        List.of("notifications:write", "notifications:read"),
                        null)
                .clientSecret();
    }

    @Test
    void tokenWhenBasicAuthenticationThenRfc9068TokenForTheAudience() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        TestHttp.Response response = this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        assertThat(response.text("token_type")).isEqualTo("Bearer");
        assertThat(response.json().get("expires_in").asInt()).isEqualTo(300);
        assertThat(response.text("scope")).isEqualTo("notifications:read notifications:write");

        SignedJWT jwt = SignedJWT.parse(response.text("access_token"));
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.keys.current().kid());
        assertThat(jwt.getHeader().getAlgorithm())
                .isEqualTo(this.keys.current().algorithm().jws());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(claims.getAudience()).containsExactly("notification-service");
        assertThat(claims.getSubject()).isEqualTo(this.clientId);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(this.clientId);
        assertThat(claims.getStringClaim("scope")).isEqualTo("notifications:read notifications:write");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant())
                .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(300_000L);
        assertThat(claims.getClaims()).doesNotContainKeys("roles", "sid", "preferred_username");
    }

    @Test
    void tokenWhenPostAuthenticationAndScopeSubsetThenOnlyThatScope() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(FOR_NOTIFICATIONS);
        form.put("scope", "notifications:write");

        TestHttp.Response response = this.tokens.post(this.clientId, this.secret, form);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("scope")).isEqualTo("notifications:write");
        assertThat(SignedJWT.parse(response.text("access_token"))
                        .getJWTClaimsSet()
                        .getStringClaim("scope"))
                .isEqualTo("notifications:write");
    }

    @Test
    void tokenWhenResourceParameterThenItIsTheAudience() throws Exception {
        TestHttp.Response response = this.tokens.basic(
                this.clientId, this.secret, Map.of("grant_type", "client_credentials", "resource", "search-service"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(response.text("access_token"))
                        .getJWTClaimsSet()
                        .getAudience())
                .containsExactly("search-service");
    }

    @Test
    void tokenWhenWrongSecretOrUnknownClientThenSameInvalidClientAndAudited() {
        String wrongAddress = Flows.uniqueAddress();
        String unknownAddress = Flows.uniqueAddress();

        TestHttp.Response wrong = this.tokens.basic(this.clientId, this.secret + "x", FOR_NOTIFICATIONS, wrongAddress);
        TestHttp.Response unknown = this.tokens.basic("no-such-client", this.secret, FOR_NOTIFICATIONS, unknownAddress);

        assertOAuthError(wrong, 401, "invalid_client");
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic ");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.bytes()).isEqualTo(wrong.bytes());
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo(wrong.header("WWW-Authenticate"));
        assertThat(auditDetail("ipv4:" + wrongAddress)).isEqualTo("client " + this.clientId + ": wrong secret");
        assertThat(auditDetail("ipv4:" + unknownAddress)).isEqualTo("unknown client");
    }

    @Test
    void tokenWhenNoCredentialsOrBothMethodsThenRefused() {
        assertOAuthError(this.tokens.post(FOR_NOTIFICATIONS, Flows.uniqueAddress()), 401, "invalid_client");
        Map<String, String> form = new LinkedHashMap<>(FOR_NOTIFICATIONS);
        form.put("client_secret", this.secret);
        assertOAuthError(this.tokens.basic(this.clientId, this.secret, form), 400, "invalid_request");
        assertOAuthError(
                this.tokens.post(FOR_NOTIFICATIONS, Flows.uniqueAddress(), "Authorization", "Bearer " + this.secret),
                401,
                "invalid_client");
    }

    @Test
    void tokenWhenClientDisabledThenInvalidClientUntilEnabled() {
        this.clients.setEnabled(this.clientId, false, null);
        String address = Flows.uniqueAddress();

        assertOAuthError(
                this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS, address), 401, "invalid_client");
        assertThat(auditDetail("ipv4:" + address)).isEqualTo("client " + this.clientId + ": disabled");

        this.clients.setEnabled(this.clientId, true, null);
        assertThat(this.tokens
                        .basic(this.clientId, this.secret, FOR_NOTIFICATIONS)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tokenWhenSecretRotatedThenOldRefusedAndNewAccepted() {
        String rotated = this.clients.rotateSecret(this.clientId, null).clientSecret();

        assertThat(rotated).isNotEqualTo(this.secret).hasSize(43);
        assertOAuthError(this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS), 401, "invalid_client");
        assertThat(this.tokens.basic(this.clientId, rotated, FOR_NOTIFICATIONS).status())
                .isEqualTo(200);
    }

    @Test
    void tokenWhenScopeNotAllowedThenInvalidScope() {
        Map<String, String> form = new LinkedHashMap<>(FOR_NOTIFICATIONS);
        form.put("scope", "notifications:write admin");
        assertOAuthError(this.tokens.basic(this.clientId, this.secret, form), 400, "invalid_scope");
        form.put("scope", " ");
        assertOAuthError(this.tokens.basic(this.clientId, this.secret, form), 400, "invalid_scope");
    }

    @Test
    void tokenWhenAudienceNotAllowedThenInvalidTargetAndWhenMissingThenInvalidRequest() {
        assertOAuthError(
                this.tokens.basic(
                        this.clientId,
                        this.secret,
                        Map.of("grant_type", "client_credentials", "audience", "forum-service")),
                400,
                "invalid_target");
        assertOAuthError(
                this.tokens.basic(this.clientId, this.secret, Map.of("grant_type", "client_credentials")),
                400,
                "invalid_request");
        assertOAuthError(
                this.tokens.basic(
                        this.clientId,
                        this.secret,
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "audience",
                                "notification-service",
                                "resource",
                                "search-service")),
                400,
                "invalid_request");
    }

    @Test
    void tokenWhenStoredAudienceIsTheUserTokenAudienceThenInvalidTarget() {
        // Registration refuses it; a row written around it must still never yield a token the gateway takes for a
        // user's.
        this.jdbc
                .sql("UPDATE machine_client SET audiences = ARRAY['tessera'] WHERE client_id = ?")
                .param(this.clientId)
                .update();

        assertOAuthError(
                this.tokens.basic(
                        this.clientId, this.secret, Map.of("grant_type", "client_credentials", "audience", "tessera")),
                400,
                "invalid_target");
    }

    @Test
    void tokenWhenGrantTypeWrongOrMissingThenRefused() {
        assertOAuthError(
                this.tokens.basic(
                        this.clientId,
                        this.secret,
                        Map.of("grant_type", "password", "audience", "notification-service")),
                400,
                "unsupported_grant_type");
        assertOAuthError(
                this.tokens.basic(this.clientId, this.secret, Map.of("audience", "notification-service")),
                400,
                "invalid_request");
    }

    @Test
    void tokenWhenNotAFormOrParametersInQueryOrRepeatedThenInvalidRequest() {
        String address = Flows.uniqueAddress();
        TestHttp.Response json = this.http.postJson(
                TestClients.PATH,
                "{\"grant_type\":\"client_credentials\"}",
                "Authorization",
                TestClients.basicHeader(this.clientId, this.secret));
        TestHttp.Response query = this.http.post(
                TestClients.PATH + "?client_secret=" + this.secret,
                TestClients.encode(FOR_NOTIFICATIONS).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                "Authorization",
                TestClients.basicHeader(this.clientId, this.secret));
        TestHttp.Response repeated = this.http.post(
                TestClients.PATH,
                ("grant_type=client_credentials&audience=notification-service&audience=search-service")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                "Authorization",
                TestClients.basicHeader(this.clientId, this.secret),
                dev.tessera.auth.TestPassports.HEADER,
                dev.tessera.auth.TestPassports.anonymousFrom(address, "POST", TestClients.PATH));

        assertOAuthError(json, 400, "invalid_request");
        assertOAuthError(query, 400, "invalid_request");
        assertOAuthError(repeated, 400, "invalid_request");
    }

    @Test
    void tokenWhenCalledDirectlyWithoutPassportThenIssued() {
        TestHttp.Response response = this.http.post(
                TestClients.PATH,
                TestClients.encode(FOR_NOTIFICATIONS).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                "Authorization",
                TestClients.basicHeader(this.clientId, this.secret));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void tokenWhenFailuresRepeatFromOneAddressThenThrottledThereOnly() {
        String attacker = Flows.uniqueAddress();
        for (int i = 0; i < 5; i++) {
            assertOAuthError(
                    this.tokens.basic(this.clientId, "wrong-" + i, FOR_NOTIFICATIONS, attacker), 401, "invalid_client");
        }

        TestHttp.Response throttled = this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS, attacker);
        TestHttp.Response elsewhere = this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS);

        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(throttled.body()).doesNotContain("access_token");
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(200);
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM audit_event WHERE type = 'CLIENT_AUTHENTICATION_FAILED'"
                                + " AND address = ?")
                        .param("ipv4:" + attacker)
                        .query(Long.class)
                        .single())
                .isEqualTo(5L);
    }

    @Test
    void tokenWhenClientSeededFromConfigurationThenIssued() throws Exception {
        TestHttp.Response response =
                this.tokens.basic("seeded-service", AuthServiceTest.SEEDED_CLIENT_SECRET, FOR_NOTIFICATIONS);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("scope")).isEqualTo("notifications:read notifications:write");
        assertThat(SignedJWT.parse(response.text("access_token"))
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo("seeded-service");
    }

    @Test
    void logsWhenClientsAreManagedAndTokensIssuedThenNoSecretOrTokenAppears(CapturedOutput output) {
        String token =
                this.tokens.basic(this.clientId, this.secret, FOR_NOTIFICATIONS).text("access_token");
        this.tokens.post(this.clientId, this.secret + "-wrong", FOR_NOTIFICATIONS);
        String rotated = this.clients.rotateSecret(this.clientId, null).clientSecret();

        assertThat(output.getAll()).contains("rotated the secret of machine client " + this.clientId);
        for (String secret : List.of(this.secret, rotated, token)) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret.substring(secret.length() - 20));
        }
    }

    private String auditDetail(String address) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE type = 'CLIENT_AUTHENTICATION_FAILED' AND address = ?")
                .param(address)
                .query(String.class)
                .single();
    }

    private static void assertOAuthError(TestHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.text("error")).as(response.toString()).isEqualTo(error);
        assertThat(response.body()).doesNotContain("access_token");
    }
}
