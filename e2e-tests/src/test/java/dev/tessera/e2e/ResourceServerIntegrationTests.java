package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * README, "Verify Tessera's access tokens in a Spring Boot resource server", done by a test: a Spring Boot service
 * that is not behind the gateway ({@code dev.tessera.e2e.resourceserver.ResourceServerApplication}: Spring Security's
 * resource server, one bean, no Tessera code) is started with exactly the README's properties, read from that section,
 * and verifies the access tokens users get from the gateway. Its issuer is the gateway's public URL, so the discovery
 * document and the key set come through the gateway, as they would for any stranger's service.
 *
 * <p>It runs as a process of its own, on this module's classpath without Tessera's artifacts: the kit would require a
 * passport of every request, and Spring Security must stay out of this JVM, where the greeting service of "Add your
 * own service" runs without it.
 */
@Order(11)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceServerIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final String SECTION = "### Verify Tessera's access tokens in a Spring Boot resource server";

    /** Every token this class presents, to look for in the service's log. */
    private static final List<String> presented = new CopyOnWriteArrayList<>();

    private static TesseraSystem system;

    private static Api gateway;

    private static AppProcess service;

    private static Api resourceServer;

    @BeforeAll
    static void startTheResourceServer() {
        system = SharedSystem.get();
        gateway = new Api(system.gatewayUri());
        List<String> arguments = new ArrayList<>();
        for (String line : readmeProperties()) {
            arguments.add("--"
                    + line.replace("http://localhost:8080", system.gatewayUri().toString()));
        }
        service = AppProcess.springBoot(
                "resource-server",
                "resource-server",
                "dev.tessera.e2e.resourceserver.ResourceServerApplication",
                arguments);
        resourceServer = service.api();
        service.awaitListening("/me");
    }

    @AfterAll
    static void stopTheResourceServer() {
        if (service != null) {
            service.close();
        }
    }

    /** The README section's properties block, every line a resource-server property. */
    static List<String> readmeProperties() {
        String section = Readme.section(SECTION);
        assertThat(section)
                .as("the section's bean is the application's")
                .contains("new JwtTypeValidator(\"at+jwt\", \"application/at+jwt\")");
        List<String> lines = Readme.properties(section);
        assertThat(lines).allMatch(line -> line.startsWith("spring.security.oauth2.resourceserver."));
        return lines;
    }

    @Test
    @Order(1)
    void userTokenWhenPresentedThenAcceptedWithTheUsersIdAndRolesAsAuthorities() {
        String name = "rs" + UUID.randomUUID().toString().substring(0, 8);
        String token = login(name);
        String userId = gateway.get("/api/auth/me", "Authorization", "Bearer " + token)
                .json()
                .get("id")
                .asString();

        Response me = get("/me", token);

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("name").asString()).isEqualTo(userId);
        assertThat(me.json().get("username").asString()).isEqualTo(name);
        // Spring Security 7 adds FACTOR_BEARER (how the caller authenticated) to the token's roles.
        assertThat(me.json().get("authorities").values())
                .extracting(node -> node.asString())
                .containsExactly("FACTOR_BEARER", "ROLE_USER");
    }

    @Test
    @Order(2)
    void roleProtectedEndpointWhenPlainUserThen403AndWhenAdminThen200() {
        String user = userToken("plain");
        String admin = system.adminToken(gateway);
        presented.add(admin);

        Response refused = get("/admin/report", user);
        Response allowed = get("/admin/report", admin);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.json().get("report").asString()).isEqualTo("for " + TesseraSystem.ADMIN_USERNAME);
    }

    @Test
    @Order(3)
    void tokenWhenAlteredOrMalformedThen401InvalidToken() {
        String token = userToken("altered");
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"roles\":[\"USER\"]");
        String promoted = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(claims.replace("\"roles\":[\"USER\"]", "\"roles\":[\"USER\",\"ADMIN\"]")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(get("/me", token).status())
                .as("control: the token as issued")
                .isEqualTo(200);
        assertInvalidToken(get("/admin/report", promoted), "Invalid signature");
        assertInvalidToken(get("/me", "not-a-token"), "Malformed token");
        Response none = resourceServer.get("/me");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
    }

    @Test
    @Order(4)
    void tokenWhenSignedWithAnotherKeyUnderTesserasKeyIdThen401InvalidToken() throws Exception {
        SignedJWT genuine = SignedJWT.parse(userToken("forged"));
        RSAKey foreign = new RSAKeyGenerator(2048).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(genuine.getHeader()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(foreign));
        String token = forged.serialize();
        presented.add(token);

        assertThat(forged.getHeader().getKeyID()).isEqualTo(genuine.getHeader().getKeyID());
        assertInvalidToken(get("/me", token), "Invalid signature");
    }

    @Test
    @Order(5)
    void machineTokenWhenIssuedForAnotherAudienceThen401InvalidToken() throws Exception {
        // Signed by Tessera's key, typ at+jwt, the right issuer: only its audience (notification-service) is wrong.
        String token = machineToken("forum-service", system.forumClientSecret(), "notification-service");
        presented.add(token);

        assertInvalidToken(get("/me", token), "aud");
    }

    @Test
    @Order(7)
    void logWhenTokensPresentedThenNoTokenWritten() {
        String written = service.logText();

        assertThat(written)
                .as("control: the log is this service's, with Spring Security's decisions in it")
                .contains("Started ResourceServerApplication")
                .contains("Failed to authenticate since the JWT was invalid");
        assertThat(presented).hasSizeGreaterThan(5);
        for (String token : presented) {
            int signature = token.lastIndexOf('.');
            assertThat(written).doesNotContain(token.substring(signature + 1));
            if (signature > 0) {
                assertThat(written).doesNotContain(token.substring(token.indexOf('.') + 1, signature));
            }
        }
    }

    private static void assertInvalidToken(Response response, String reason) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .startsWith("Bearer error=\"invalid_token\"")
                .contains(reason);
    }

    private static Response get(String path, String token) {
        presented.add(token);
        return resourceServer.get(path, "Authorization", "Bearer " + token);
    }

    private static String userToken(String prefix) {
        return login(prefix + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String login(String name) {
        String token = gateway.registerAndLogin(name, "a resource server for " + name + " 42")
                .get("access_token")
                .asString();
        presented.add(token);
        return token;
    }

    /** The client credentials grant, straight at auth-service, as a service inside the deployment calls it. */
    private static String machineToken(String clientId, String secret, String audience) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(system.serviceUri(Service.AUTH).resolve("/auth/oauth2/token"))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&audience=" + audience))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.json.readTree(response.body()).get("access_token").asString();
    }
}
