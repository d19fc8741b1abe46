package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.e2e.Api.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * README, "Check a token with the introspection endpoint (RFC 7662)", done by a test (issue 15): a stranger's Spring
 * Boot service ({@code dev.tessera.e2e.introspection.IntrospectingApplication}: Spring Security's resource server with
 * opaque tokens, settings only, no Tessera code) asks Tessera's introspection endpoint, through the gateway, about
 * every token it receives, with Spring Security's own {@code SpringOpaqueTokenIntrospector}. The client it
 * authenticates as is registered as the section's curl does (the request body is read from the section), and the
 * service runs with the section's YAML settings, read from it too.
 *
 * <p>A second instance runs with a client registered without the scope {@code introspect}: Tessera refuses it, and
 * that service must refuse its callers rather than let them in. Both start side by side ({@link AppProcess}).
 */
@Order(12)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntrospectionIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final String SECTION = "### Check a token with the introspection endpoint (RFC 7662)";

    private static final String PASSWORD = "an introspected password 42";

    /** Every token and refresh token this class obtains, to look for in the services' logs. */
    private static final List<String> presented = new CopyOnWriteArrayList<>();

    private static TesseraSystem system;

    private static Api gateway;

    private static String secret;

    private static AppProcess introspecting;

    /** The same application, configured with a client that may not introspect. */
    private static AppProcess unauthorized;

    @BeforeAll
    static void startTheIntrospectingServices() {
        system = SharedSystem.get();
        gateway = new Api(system.gatewayUri());
        String admin = system.adminToken(gateway);
        Map<String, Object> registration = readmeRegistration();
        String clientId = (String) registration.get("clientId");
        secret = register(admin, registration);
        Map<String, Object> withoutScope = new LinkedHashMap<>(registration);
        withoutScope.put("clientId", clientId + "-without-scope");
        withoutScope.put("scopes", List.of());
        String otherSecret = register(admin, withoutScope);

        Map<String, String> settings = readmeSettings();
        assertThat(settings).containsEntry("spring.security.oauth2.resourceserver.opaquetoken.client-id", clientId);
        introspecting = AppProcess.springBoot(
                "introspection",
                "introspecting",
                "dev.tessera.e2e.introspection.IntrospectingApplication",
                arguments(settings, clientId, secret));
        unauthorized = AppProcess.springBoot(
                "introspection",
                "introspecting-without-scope",
                "dev.tessera.e2e.introspection.IntrospectingApplication",
                arguments(settings, clientId + "-without-scope", otherSecret));
        introspecting.awaitListening("/me");
        unauthorized.awaitListening("/me");
    }

    @AfterAll
    static void stopTheIntrospectingServices() {
        for (AppProcess service : new AppProcess[] {introspecting, unauthorized}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    @Order(1)
    void userJwtWhenPresentedThenAcceptedWithTheUsersIdUsernameAndRoles() {
        String name = unique("ij");
        String token = registerAndLogin(name).get("access_token").asString();
        assertThat(token).contains(".");

        Response me = get(introspecting, token);

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("name").asString()).isEqualTo(userId(token));
        assertThat(me.json().get("username").asString()).isEqualTo(name);
        assertThat(me.json().get("roles").toString()).isEqualTo("[\"USER\"]");
        assertThat(me.json().get("clientId").asString()).isEqualTo("tessera-web");
        // No scope in a user's token, so no SCOPE_ authority, and no ROLE_ one: Spring Security 7's FACTOR_BEARER only.
        assertThat(me.json().get("authorities").toString()).isEqualTo("[\"FACTOR_BEARER\"]");
    }

    @Test
    @Order(2)
    void opaqueSessionTokenWhenPresentedThenAcceptedAsTheSameUser() {
        String name = unique("io");
        registerAndLogin(name);
        JsonNode session = loginOpaque(name);
        String token = session.get("access_token").asString();
        assertThat(token).as("scheme A: a session token, not a JWT").doesNotContain(".");

        Response me = get(introspecting, token);

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(name);
        assertThat(me.json().get("roles").toString()).isEqualTo("[\"USER\"]");
        assertThat(me.json().get("name").asString())
                .as("the user id, as for a JWT")
                .isEqualTo(userId(token));
        assertThat(me.json().get("clientId").asString()).isEqualTo("tessera-web");
        assertThat(me.json().get("authorities").toString()).isEqualTo("[\"FACTOR_BEARER\"]");
    }

    @Test
    @Order(3)
    void tokensWhenLoggedOutThen401InvalidTokenAtOnce() {
        String name = unique("il");
        JsonNode jwt = registerAndLogin(name);
        JsonNode session = loginOpaque(name);
        String jwtToken = jwt.get("access_token").asString();
        String sessionToken = session.get("access_token").asString();
        assertThat(get(introspecting, jwtToken).status())
                .as("control: before logout")
                .isEqualTo(200);
        assertThat(get(introspecting, sessionToken).status())
                .as("control: before logout")
                .isEqualTo(200);

        logout(jwt);
        logout(session);

        // auth-service answers {"active": false} at once, for a JWT too (it reads the revocations itself, no feed).
        assertInactive(get(introspecting, jwtToken));
        assertInactive(get(introspecting, sessionToken));
    }

    @Test
    @Order(4)
    void tokenWhenGarbageThen401InvalidToken() {
        assertInactive(get(introspecting, "not-a-token"));
        assertInactive(get(introspecting, "not.a.jwt"));
        Response none = introspecting.api().get("/me");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
    }

    @Test
    @Order(5)
    void clientWithoutTheIntrospectScopeWhenAskingThenItsServiceRefusesAndLogsWhy() {
        String token = registerAndLogin(unique("iu")).get("access_token").asString();
        assertThat(get(introspecting, token).status())
                .as("control: the same token where the client may introspect")
                .isEqualTo(200);

        Response refused = get(unauthorized, token);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(unauthorized.logText()).contains("403").contains("unauthorized_client");
    }

    @Test
    @Order(6)
    void logsWhenTokensPresentedThenNoTokenOrSecretWritten() {
        for (AppProcess service : List.of(introspecting, unauthorized)) {
            String written = service.logText();
            assertThat(written)
                    .as("control: the log is this service's, with Spring Security's decisions in it")
                    .contains("Started IntrospectingApplication")
                    .contains("OpaqueTokenAuthenticationProvider");
            assertThat(written).doesNotContain(secret);
            for (String token : presented) {
                int signature = token.lastIndexOf('.');
                if (signature < 0) {
                    assertThat(written).doesNotContain(token);
                } else {
                    assertThat(written).doesNotContain(token.substring(signature + 1));
                    assertThat(written).doesNotContain(token.substring(token.indexOf('.') + 1, signature));
                }
            }
        }
        assertThat(presented).hasSizeGreaterThan(8);
    }

    /** The section's curl request body for the client, e.g. {"clientId": "my-api", ..., "scopes": ["introspect"]}. */
    static Map<String, Object> readmeRegistration() {
        Matcher body = Pattern.compile("/api/auth/admin/clients .*?-d '(\\{.*?})'", Pattern.DOTALL)
                .matcher(section());
        assertThat(body.find()).as("the section's curl registering a client").isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> registration = Api.json.readValue(body.group(1), Map.class);
        assertThat(registration).containsEntry("scopes", List.of("introspect"));
        return registration;
    }

    /** The section's YAML block, flattened to Spring Boot property names. */
    static Map<String, String> readmeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        flatten("", new Yaml().load(Readme.codeBlock(section(), "yaml")), settings);
        assertThat(settings)
                .isNotEmpty()
                .allSatisfy((key, value) -> assertThat(key).startsWith("spring.security.oauth2.resourceserver."));
        return settings;
    }

    private static String section() {
        return Readme.section(SECTION);
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, inner, into));
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    /** The settings as command-line arguments, for this system's gateway and the client registered here. */
    private static List<String> arguments(Map<String, String> settings, String clientId, String clientSecret) {
        List<String> arguments = new ArrayList<>();
        settings.forEach((key, value) -> {
            String actual = key.endsWith(".client-id")
                    ? clientId
                    : value.replace("http://localhost:8080", system.gatewayUri().toString())
                            .replace("${MY_API_SECRET}", clientSecret);
            arguments.add("--" + key + "=" + actual);
        });
        return arguments;
    }

    /** Registers a machine client through the gateway's admin API, as the README's curl does; answers its secret. */
    private static String register(String adminToken, Map<String, Object> registration) {
        Response registered =
                gateway.post("/api/auth/admin/clients", registration, "Authorization", "Bearer " + adminToken);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().get("clientSecret").asString();
    }

    private static void assertInactive(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        // Spring's BadOpaqueTokenException for {"active": false}; any other failure would name something else.
        assertThat(response.header("WWW-Authenticate"))
                .startsWith("Bearer error=\"invalid_token\"")
                .contains("active");
    }

    private static Response get(AppProcess service, String token) {
        return service.api().get("/me", "Authorization", "Bearer " + token);
    }

    private static String userId(String token) {
        Response me = gateway.get("/api/auth/me", "Authorization", "Bearer " + token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        return me.json().get("id").asString();
    }

    private static JsonNode registerAndLogin(String name) {
        JsonNode login = gateway.registerAndLogin(name, PASSWORD);
        presented.add(login.get("access_token").asString());
        presented.add(login.get("refresh_token").asString());
        return login;
    }

    /** Scheme A: a login with {@code token_format=opaque} answers a session token instead of a JWT. */
    private static JsonNode loginOpaque(String name) {
        Response login = gateway.post(
                "/api/auth/login", Map.of("username", name, "password", PASSWORD, "token_format", "opaque"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        presented.add(login.json().get("access_token").asString());
        presented.add(login.json().get("refresh_token").asString());
        return login.json();
    }

    private static void logout(JsonNode login) {
        Response logout = gateway.post(
                "/api/auth/logout",
                Map.of("refresh_token", login.get("refresh_token").asString()));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
    }
}
