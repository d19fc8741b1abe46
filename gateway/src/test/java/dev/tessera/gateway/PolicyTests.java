package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code permission:NAME} rules decided by auth-service's policy (issue 17), against a stub of {@code GET
 * /internal/roles} over real HTTP: nothing is granted before the first policy, a change of a role's permissions takes
 * effect within the poll interval + 1 s, the ETag makes an unchanged policy a 304, and an outage keeps the last policy.
 * The passport of each routed request carries the caller's permissions of the route's namespace ({@code perm}), from
 * the same policy.
 */
// Its own context: the policy feed is on here (off in the shared ones), with a route whose rule names a permission no
// role of the shipped configuration has. Ordered: the first test needs a gateway that has never had a policy.
@GatewayTest
@TestPropertySource(
        properties = {
            "tessera.gateway.policy.enabled=true",
            "tessera.gateway.policy.poll-interval=200ms",
            "tessera.gateway.policy.max-backoff=400ms",
            "tessera.gateway.policy.timeout=500ms",
            "tessera.gateway.routes.wiki.path=/api/wiki",
            "tessera.gateway.routes.wiki.audience=forum-service",
            "tessera.gateway.routes.wiki.rules[0].pattern=/api/wiki/**",
            "tessera.gateway.routes.wiki.rules[0].access=permission:wiki:edit",
            "tessera.gateway.routes.wiki.permission-namespace=wiki",
            "management.endpoint.health.show-details=always"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyTests extends GatewayTestSupport {

    static final StubServer POLICY = StubServer.start();

    /** The document the stub serves, and its version (also the ETag). */
    private static final AtomicReference<String> VERSION = new AtomicReference<>("v1");

    private static final AtomicReference<String> ROLES = new AtomicReference<>("{}");

    @DynamicPropertySource
    static void policy(DynamicPropertyRegistry registry) {
        POLICY.respondWith(503, () -> "{}");
        registry.add("tessera.gateway.policy.uri", () -> POLICY.uri() + "/internal/roles");
        registry.add("tessera.gateway.routes.wiki.uri", StubUpstreams.FORUM::uri);
    }

    @Test
    @Order(1)
    void permissionRuleWhenNoPolicyYetThenDeniedEvenToAdministratorsWhileRoleRulesWork() throws Exception {
        Thread.sleep(500);

        assertThat(wiki("ADMIN").statusCode()).isEqualTo(403);
        // role:ADMIN (and a second factor): the role rule admits, the step-up asks for the second factor.
        assertThat(get("/api/stepup/admin", token("ADMIN")).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/health").body()).contains("\"policy\"").contains("\"loaded\":false");
    }

    @Test
    @Order(2)
    void permissionRuleWhenPolicyGrantsItThenAdmittedWithinBoundAndOthersDenied() throws Exception {
        serve("v2", "{\"EDITOR\":[\"wiki:edit\",\"wiki:read\"],\"USER\":[\"forum:post\"]}");

        assertThat(statusWithinBound("EDITOR", 200)).isEqualTo(200);
        assertThat(wiki("USER").statusCode()).isEqualTo(403);
        assertThat(wiki("ADMIN").statusCode()).isEqualTo(403);
        assertThat(FORUM.next().rawPath()).isEqualTo("/page");
    }

    @Test
    @Order(3)
    void passportWhenPolicyGrantsPermissionsThenCarriesThoseOfTheRouteNamespaceOnly() throws Exception {
        FORUM.reset();

        assertThat(get("/api/wiki/page", token("EDITOR", "USER")).statusCode()).isEqualTo(200);
        assertThat(passport(FORUM.next(), "GET", "/page").permissions()).containsExactly("wiki:edit", "wiki:read");
        assertThat(get("/api/forum/threads", token("EDITOR", "USER")).statusCode())
                .isEqualTo(200);
        // The forum route declares no namespace: forum-service's, "forum".
        assertThat(passport(FORUM.next(), "GET", "/threads").permissions()).containsExactly("forum:post");
        assertThat(get("/api/forum/threads", token("GUEST")).statusCode()).isEqualTo(200);
        assertThat(passport(FORUM.next(), "GET", "/threads").permissions()).isEmpty();
    }

    @Test
    @Order(4)
    void permissionRuleWhenRoleLosesThePermissionThenDeniedWithinBoundWithoutNewTokens() throws Exception {
        serve("v3", "{\"EDITOR\":[\"wiki:read\"],\"WRITER\":[\"wiki:edit\"]}");

        assertThat(statusWithinBound("EDITOR", 403)).isEqualTo(403);
        FORUM.reset();
        assertThat(wiki("WRITER").statusCode()).isEqualTo(200);
        assertThat(passport(FORUM.next(), "GET", "/page").permissions()).containsExactly("wiki:edit");
    }

    @Test
    @Order(5)
    void pollWhenPolicyUnchangedThenItsETagIsSentAndTheServicePassportBoundToThePath() throws Exception {
        serve("v4", "{\"WRITER\":[\"wiki:edit\"],\"AUTHOR\":[\"wiki:edit\"]}");
        assertThat(statusWithinBound("AUTHOR", 200)).isEqualTo(200);
        POLICY.respondWith(received -> {
            boolean fresh = received.header("If-None-Match").contains("\"v4\"");
            return fresh
                    ? new StubServer.Answer(304, Map.of("ETag", "\"v4\""), "")
                    : new StubServer.Answer(200, Map.of("Content-Type", "application/json"), "{}");
        });
        POLICY.reset();

        StubServer.Received poll = POLICY.next();

        assertThat(poll.header("If-None-Match")).containsExactly("\"v4\"");
        Passport caller = new PassportVerifier(
                        PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service")
                .verify(poll.header("X-Tessera-Passport").get(0), "GET", "/internal/roles");
        assertThat(caller.roles()).containsExactly("SERVICE");
        Thread.sleep(500);
        assertThat(wiki("AUTHOR").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void policyWhenAuthServiceDownThenLastPolicyKept() throws Exception {
        serve("v5", "{\"WRITER\":[\"wiki:edit\"],\"EDITOR\":[\"wiki:edit\"]}");
        assertThat(statusWithinBound("EDITOR", 200)).isEqualTo(200);

        POLICY.respondWith(503, () -> "{}");
        Thread.sleep(1000);

        assertThat(wiki("EDITOR").statusCode()).isEqualTo(200);
        assertThat(wiki("USER").statusCode()).isEqualTo(403);
        assertThat(management("/actuator/health").body())
                .contains("\"loaded\":true")
                .contains("\"version\":\"v5\"");
    }

    private HttpResponse<String> management(String path) throws Exception {
        return management.send(management.request(path).GET());
    }

    private static void serve(String version, String roles) {
        VERSION.set(version);
        ROLES.set(roles);
        POLICY.respondWith(
                200,
                Map.of("Content-Type", "application/json", "ETag", "\"" + version + "\""),
                () -> "{\"version\":\"" + VERSION.get() + "\",\"roles\":" + ROLES.get() + "}");
    }

    /**
     * The status once a poll that began after the policy changed has answered (the second successful poll from now):
     * what the bound "poll interval + 1 s" rests on, checked without timing a shared machine (as RevocationTests).
     */
    private int statusWithinBound(String role, int expected) throws Exception {
        long started = System.nanoTime();
        double polls = successfulPolls();
        long deadline = started + 30_000_000_000L;
        while (successfulPolls() < polls + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int status = wiki(role).statusCode();
        System.out.printf(
                "[policy] %s answered %d (expected %d) %d ms after the policy changed%n",
                role, status, expected, (System.nanoTime() - started) / 1_000_000);
        return status;
    }

    private double successfulPolls() throws Exception {
        String body = management("/actuator/metrics/tessera.gateway.policy.polls?tag=outcome:success")
                .body();
        return Double.parseDouble(body.replaceAll("(?s).*\"value\":([0-9.E-]+).*", "$1"));
    }

    private HttpResponse<String> wiki(String role) throws Exception {
        return get("/api/wiki/page", token(role));
    }

    private static Passport passport(StubServer.Received received, String method, String path) throws Exception {
        return new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service")
                .verify(received.header("X-Tessera-Passport").get(0), method, path);
    }

    private static String token(String... roles) throws Exception {
        return TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims().claim("roles", List.of(roles)).build());
    }
}
