package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as a user meets it: the three jars as separate processes against fresh
 * PostgreSQL databases ({@link SharedSystem}), driven through the gateway with a plain HTTP client.
 * Tests that break a part (killing auth-service, dropping its database connections) restore it
 * before they end.
 */
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIntegrationTests {

    private static final int TOKEN_LIFETIME_SECONDS = SharedSystem.TOKEN_LIFETIME_SECONDS;

    private static final Pattern WALKTHROUGH = Pattern.compile(
            "<!-- walkthrough:start -->\\s*```sh\\n(.*?)```\\s*<!-- walkthrough:end -->", Pattern.DOTALL);

    private TesseraSystem system;

    private Api gateway;

    @BeforeAll
    void useSystem() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
    }

    @Test
    @Order(1)
    void readmeWalkthroughWhenRunVerbatimThenEveryStepSucceeds() throws Exception {
        Path root = Path.of(System.getProperty("tessera.root", ".."));
        Matcher matcher = WALKTHROUGH.matcher(Files.readString(root.resolve("README.md")));
        assertThat(matcher.find()).as("README.md has a walkthrough block").isTrue();

        ProcessBuilder builder =
                new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + matcher.group(1)).redirectErrorStream(true);
        builder.environment().put("TESSERA", this.system.gatewayUri().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("\"username\": \"ada\"")
                .contains("\"token_type\": \"Bearer\"")
                .contains("\"title\": \"Hello, Tessera\"")
                .contains("\"postCount\": 1")
                .endsWith("204\n")
                .doesNotContain("null");
    }

    @Test
    @Order(2)
    void forumWriteWhenTokenIssuedByAuthServiceThenCreatedAndAuthoredByCaller() {
        JsonNode login = this.gateway.registerAndLogin(unique("writer"), "a long enough password");
        Response created = createThread(login.get("access_token").asString(), "Issued token");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String threadId = created.json().get("id").asString();
        Response read = this.gateway.get("/api/forum/threads/" + threadId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("Issued token");
    }

    @Test
    @Order(3)
    void forumWriteWhenTokenMissingThenBareBearerChallenge() {
        Response response = this.gateway.post("/api/forum/threads", Map.of("title", "t", "body", "b"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
        assertThat(response.header("Content-Type")).contains("application/problem+json");
    }

    @Test
    @Order(4)
    void forumWriteWhenTokenTamperedThenInvalidToken() {
        String token = this.gateway
                .registerAndLogin(unique("tamper"), "a long enough password")
                .get("access_token")
                .asString();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        Response response = createThread(tampered, "Tampered");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain(tampered).doesNotContain(parts[2]);
    }

    @Test
    @Order(5)
    void forumWriteWhenTokenExpiredThenInvalidToken() {
        String token = this.gateway
                .registerAndLogin(unique("expiry"), "a long enough password")
                .get("access_token")
                .asString();
        assertThat(createThread(token, "Before expiry").status()).isEqualTo(201);

        TesseraSystem.sleep(Duration.ofSeconds(TOKEN_LIFETIME_SECONDS + 2));

        Response response = createThread(token, "After expiry");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    @Order(6)
    void forumCalledDirectlyWhenNoPassportThenRefused() {
        Api forum = new Api(this.system.serviceUri(Service.FORUM));

        assertThat(forum.get("/threads").status()).isEqualTo(401);
        assertThat(forum.post(
                                "/threads",
                                Map.of("title", "t", "body", "b"),
                                "X-User-Id",
                                UUID.randomUUID().toString())
                        .status())
                .isEqualTo(401);
    }

    @Test
    @Order(7)
    void forumCalledDirectlyWhenPassportForgedOrForAnotherServiceThenRefused() {
        Api forum = new Api(this.system.serviceUri(Service.FORUM));
        String userId = UUID.randomUUID().toString();
        Passports real = new Passports(this.system.passportKey(Service.FORUM));
        Passports forger = new Passports(Base64.getEncoder().encodeToString(new byte[32]));

        Response forged = forum.post(
                "/threads",
                Map.of("title", "Forged", "body", "b"),
                "X-Tessera-Passport",
                forger.mint(userId, "forum-service", "POST", "/threads"));
        Response otherService = forum.post(
                "/threads",
                Map.of("title", "Replayed", "body", "b"),
                "X-Tessera-Passport",
                real.mint(userId, "auth-service", "POST", "/threads"));
        Response otherEndpoint = forum.post(
                "/threads",
                Map.of("title", "Rebound", "body", "b"),
                "X-Tessera-Passport",
                real.mint(userId, "forum-service", "GET", "/threads"));
        Response genuine = forum.post(
                "/threads",
                Map.of("title", "Genuine", "body", "b"),
                "X-Tessera-Passport",
                real.mint(userId, "forum-service", "POST", "/threads"));

        assertThat(forged.status()).isEqualTo(401);
        assertThat(otherService.status()).isEqualTo(401);
        assertThat(otherEndpoint.status()).isEqualTo(401);
        assertThat(genuine.status())
                .as("control: a correct passport is accepted")
                .isEqualTo(201);
    }

    /**
     * Issue 12: the pen test's attack. The admin's user id is public (the author id on the admin's posts); with one
     * shared secret, forum-service (or anyone holding its secret) could mint a passport for auth-service and administer
     * users. Each service now holds only its own key: nothing forum-service holds or sees is accepted by auth-service.
     */
    @Test
    @Order(9)
    void passportWhenMintedWithAnotherServiceKeyOrCapturedFromItsTrafficThenRefused() {
        JsonNode admin = this.system.adminLogin(this.gateway);
        String adminId = this.gateway
                .get(
                        "/api/auth/me",
                        "Authorization",
                        "Bearer " + admin.get("access_token").asString())
                .json()
                .get("id")
                .asString();
        Api auth = new Api(this.system.serviceUri(Service.AUTH));
        Api forum = new Api(this.system.serviceUri(Service.FORUM));
        Passports forumKey = new Passports(this.system.passportKey(Service.FORUM));
        Passports authKey = new Passports(this.system.passportKey(Service.AUTH));
        Set<String> adminRoles = Set.of("USER", "ADMIN");

        Response mintedByForum = auth.get(
                "/auth/admin/users",
                "X-Tessera-Passport",
                forumKey.mint(adminId, adminRoles, "auth-service", "GET", "/auth/admin/users"));
        Response mintedByAuth = forum.post(
                "/threads",
                Map.of("title", "Minted by auth-service", "body", "b"),
                "X-Tessera-Passport",
                authKey.mint(adminId, adminRoles, "forum-service", "POST", "/threads"));
        // A passport forum-service really received (valid, for it) replayed at auth-service: refused.
        String captured = forumKey.mint(adminId, adminRoles, "forum-service", "GET", "/auth/admin/users");
        Response replayed = auth.get("/auth/admin/users", "X-Tessera-Passport", captured);
        Response genuine = auth.get(
                "/auth/admin/users",
                "X-Tessera-Passport",
                authKey.mint(adminId, adminRoles, "auth-service", "GET", "/auth/admin/users"));

        assertThat(mintedByForum.status()).isEqualTo(401);
        assertThat(mintedByAuth.status()).isEqualTo(401);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(genuine.status())
                .as("control: auth-service's own key, as the gateway mints it, is accepted")
                .isEqualTo(200);
    }

    @Test
    @Order(8)
    void refreshTokenWhenReplayedAfterRotationThenFamilyRevokedAndUserCanLogInAgain() {
        String username = unique("theft");
        JsonNode login = this.gateway.registerAndLogin(username, "a long enough password");
        String stolen = login.get("refresh_token").asString();
        Response rotated = refresh(stolen);
        assertThat(rotated.status()).isEqualTo(200);
        String legitimate = rotated.json().get("refresh_token").asString();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> refresh(stolen).status() == 401);

        assertThat(refresh(legitimate).status())
                .as("the whole family is revoked")
                .isEqualTo(401);
        assertThat(this.gateway.login(username, "a long enough password").get("access_token"))
                .isNotNull();
    }

    @Test
    @Order(20)
    void authServiceDatabaseConnectionsTerminatedThenNextRequestsRecoverWithout500() throws Exception {
        String username = unique("pgloss");
        this.gateway.registerAndLogin(username, "a long enough password");

        int terminated = terminateBackends(this.system.authDatabase().name());
        assertThat(terminated).isPositive();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(this.gateway
                    .post("/api/auth/login", Map.of("username", username, "password", "a long enough password"))
                    .status());
        }
        assertThat(statuses).doesNotContain(500).last().isEqualTo(200);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(30)
    void authServiceKilledThenIssuedTokensKeepWorkingAndLoginIsCleanServiceUnavailable() throws Exception {
        String username = unique("outage");
        JsonNode issued = this.gateway.registerAndLogin(username, "a long enough password");
        String token = issued.get("access_token").asString();
        String refreshToken = issued.get("refresh_token").asString();

        this.system.kill(Service.AUTH);
        try {
            assertThat(createThread(token, "During the outage").status()).isEqualTo(201);

            // An answer, not a hang (the client's 30 s timeout is the guard); how fast is no test's matter.
            Response login = this.gateway.post(
                    "/api/auth/login", Map.of("username", username, "password", "a long enough password"));
            assertThat(login.status()).isIn(502, 503, 504);
            assertThat(login.header("Content-Type")).contains("application/problem+json");
            assertThat(login.body())
                    .doesNotContain("Exception")
                    .doesNotContain("at dev.")
                    .doesNotContain("at org.");
        } finally {
            this.system.restart(Service.AUTH);
        }

        assertThat(this.gateway.login(username, "a long enough password").get("access_token"))
                .as("login works again without restarting the gateway")
                .isNotNull();

        // docs/threat-model.md C6: tokens issued before the restart stay valid after it. The gateway still
        // holds the keys it fetched before, so ask the restarted auth-service itself: the key that signed
        // the old token is still published and verifies it, and the old refresh token still refreshes.
        JWKSet published = JWKSet.load(URI.create(this.system.serviceUri(Service.AUTH) + "/.well-known/jwks.json")
                .toURL());
        SignedJWT old = SignedJWT.parse(token);
        JWK key = published.getKeyByKeyId(old.getHeader().getKeyID());
        assertThat(key)
                .as("the restarted auth-service still publishes the old token's key")
                .isNotNull();
        assertThat(old.verify(new RSASSAVerifier(key.toRSAKey())))
                .as("and that key verifies the token issued before the restart")
                .isTrue();
        Response refreshed = refresh(refreshToken);
        assertThat(refreshed.status())
                .as("a refresh token issued before the restart refreshes after it")
                .isEqualTo(200);
        assertThat(createThread(refreshed.json().get("access_token").asString(), "After the restart")
                        .status())
                .isEqualTo(201);
    }

    @Test
    @Order(40)
    void logsWhenSystemUsedThenNoTokenOrPasswordWritten() throws IOException {
        String password = "log-probe " + UUID.randomUUID();
        JsonNode login = this.gateway.registerAndLogin(unique("logs"), password);
        String access = login.get("access_token").asString();
        String refresh = login.get("refresh_token").asString();
        createThread(access, "Log probe");
        refresh(refresh);

        for (Service service : Service.values()) {
            String log = Files.readString(this.system.logFile(service));
            assertThat(log)
                    .as(service.module + " log")
                    .doesNotContain(password)
                    .doesNotContain(access)
                    .doesNotContain(access.substring(access.lastIndexOf('.') + 1))
                    .doesNotContain(refresh)
                    .doesNotContain(this.system.adminPassword())
                    .doesNotContain(this.system.passportKeys());
        }
    }

    @Test
    @Order(50)
    void keyRotationUnderTrafficThenNoValidTokenRefusedAndNewTokensCarryNewKid() throws Exception {
        JsonNode admin = this.system.adminLogin(this.gateway);
        String adminToken = admin.get("access_token").asString();
        String user = unique("rotation");
        JsonNode login = this.gateway.registerAndLogin(user, "a long enough password");
        String oldKid = kidOf(login.get("access_token").asString());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<Integer> failures = new ArrayList<>();
        Thread traffic = new Thread(() -> {
            String token = login.get("access_token").asString();
            while (running.get()) {
                int status = this.gateway
                        .get("/api/auth/me", "Authorization", "Bearer " + token)
                        .status();
                if (status == 200) {
                    ok.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.add(status);
                    }
                }
            }
        });
        traffic.start();
        try {
            Response rotated =
                    this.gateway.post("/api/auth/admin/keys/rotate", Map.of(), "Authorization", "Bearer " + adminToken);
            assertThat(rotated.status()).as(rotated.toString()).isIn(200, 201, 202, 204);
            String newKid = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> kidOf(this.gateway
                                    .login(user, "a long enough password")
                                    .get("access_token")
                                    .asString()),
                            kid -> !kid.equals(oldKid));
            String newToken = this.gateway
                    .login(user, "a long enough password")
                    .get("access_token")
                    .asString();
            assertThat(kidOf(newToken)).isEqualTo(newKid);
            assertThat(this.gateway
                            .get("/api/auth/me", "Authorization", "Bearer " + newToken)
                            .status())
                    .isEqualTo(200);
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isPositive();
    }

    private Response createThread(String accessToken, String title) {
        return this.gateway.createThread(accessToken, title, "Body of " + title);
    }

    private Response refresh(String refreshToken) {
        return this.gateway.post("/api/auth/refresh", Map.of("refresh_token", refreshToken));
    }

    private static String kidOf(String jwt) {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return Api.json.readTree(header).get("kid").asString();
    }

    private static int terminateBackends(String database) throws Exception {
        var server = dev.tessera.testsupport.PostgresTestServer.get();
        var probe = server.createDatabase("probe");
        try (Connection connection = DriverManager.getConnection(probe.jdbcUrl(), probe.username(), probe.password());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            server.dropDatabase(probe);
        }
    }
}
