package dev.tessera.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.server.PathContainer;

/** Route configuration mistakes stop start-up with a message that names the entry. */
class RoutesTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The shipped application.yml, with environment variables on top, bound as the gateway binds it. */
    private static Routes shipped(Map<String, Object> environment) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(env.getPropertySources()::addLast);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment));
        Map<String, RouteProperties.Route> routes = Binder.get(env)
                .bind("tessera.gateway.routes", Bindable.mapOf(String.class, RouteProperties.Route.class))
                .get();
        return Routes.of(routes, TIMEOUT, TIMEOUT);
    }

    private static RouteProperties.Route upstream(String path, String audience, RouteProperties.Rule... rules) {
        return new RouteProperties.Route(
                java.net.URI.create("http://upstream:8080"),
                path,
                "",
                audience,
                List.of(rules),
                false,
                false,
                null,
                null,
                null);
    }

    private static RouteProperties.Rule rule(String pattern, String access, String... methods) {
        return new RouteProperties.Rule(pattern, List.of(methods), access, null, false, null);
    }

    private static void assertRefused(Map<String, RouteProperties.Route> routes, String... messageParts) {
        assertThatThrownBy(() -> Routes.of(routes, TIMEOUT, TIMEOUT))
                .isInstanceOf(Routes.InvalidRouteException.class)
                .hasMessageContainingAll(messageParts);
    }

    /** Issue 17: step-up demands need a caller, and an age that can be met. */
    @Test
    void stepUpDemandsWhenOnAPublicRuleOrWithAnAgeNotPositiveThenRefusedAtStartUp() {
        assertRefused(
                Map.of(
                        "forum",
                        upstream(
                                "/api/forum",
                                "forum-service",
                                new RouteProperties.Rule("/api/forum/**", List.of(), "public", null, true, null))),
                "rule #0",
                "is public: second-factor and max-auth-age need a caller");
        assertRefused(
                Map.of(
                        "forum",
                        upstream(
                                "/api/forum",
                                "forum-service",
                                new RouteProperties.Rule(
                                        "/api/forum/**", List.of(), "authenticated", null, false, Duration.ZERO))),
                "max-auth-age must be positive");
    }

    @Test
    void stepUpDemandsWhenSetThenTheRuleCarriesThem() {
        Routes routes = Routes.of(
                Map.of(
                        "forum",
                        upstream(
                                "/api/forum",
                                "forum-service",
                                new RouteProperties.Rule(
                                        "/api/forum/**", List.of(), "role:ADMIN", null, true, Duration.ofMinutes(10)))),
                TIMEOUT,
                TIMEOUT);

        Routes.Rule rule = routes.all().get(0).rules().get(0);
        assertThat(rule.secondFactor()).isTrue();
        assertThat(rule.maxAuthAge()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shippedRoutesWhenBoundThenEveryServiceIsAnEntryAndRulesDecide() throws Exception {
        Routes routes = shipped(Map.of());

        assertThat(routes.all())
                .extracting(Routes.Route::id)
                .containsExactly("page", "auth", "userinfo", "wellknown", "forum", "notify");
        assertThat(routes.candidates(PathContainer.parsePath("/api/forum/threads")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.audience()).isEqualTo("forum-service");
                    assertThat(route.uri()).hasToString("http://localhost:8082");
                });
        assertThat(routes.candidates(PathContainer.parsePath("/api/auth/login")))
                .singleElement()
                .satisfies(route -> assertThat(route.upstreamPath()).isEqualTo("/auth"));
        assertThat(routes.candidates(PathContainer.parsePath("/api/notifications/unread-count")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.audience()).isEqualTo("notification-service");
                    assertThat(route.upstreamPath()).isEqualTo("/notifications");
                });
        // OpenID userinfo: auth-service's, the one route that forwards the bearer token.
        assertThat(routes.candidates(PathContainer.parsePath("/oauth2/userinfo")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.audience()).isEqualTo("auth-service");
                    assertThat(route.upstreamPath()).isEqualTo("/auth/oauth2/userinfo");
                    assertThat(route.forwardCredentials()).isTrue();
                });
        assertThat(routes.candidates(PathContainer.parsePath("/app.js")))
                .singleElement()
                .satisfies(route -> assertThat(route.isUpstream()).isFalse());
    }

    @Test
    void shippedRoutesWhenEnvironmentNamesAnUpstreamThenItMovesAndAuthFollowsAuthUri() throws Exception {
        Routes routes = shipped(Map.of(
                "TESSERA_GATEWAY_ROUTES_FORUM_URI", "http://forum-service:8082",
                "TESSERA_GATEWAY_AUTH_URI", "http://auth-service:8081"));

        Map<String, String> uris = new LinkedHashMap<>();
        routes.all().stream()
                .filter(Routes.Route::isUpstream)
                .forEach(route -> uris.put(route.id(), route.uri().toString()));
        assertThat(uris)
                .containsEntry("forum", "http://forum-service:8082")
                .containsEntry("auth", "http://auth-service:8081")
                .containsEntry("wellknown", "http://auth-service:8081");
    }

    @Test
    void shippedRoutesWhenEnvironmentAddsAServiceThenItIsRouted() throws Exception {
        Routes routes = shipped(Map.of(
                "TESSERA_GATEWAY_ROUTES_BILLING_URI", "http://billing:9000",
                "TESSERA_GATEWAY_ROUTES_BILLING_PATH", "/api/billing",
                "TESSERA_GATEWAY_ROUTES_BILLING_AUDIENCE", "billing-service",
                "TESSERA_GATEWAY_ROUTES_BILLING_RULES_0_PATTERN", "/api/billing/**",
                "TESSERA_GATEWAY_ROUTES_BILLING_RULES_0_ACCESS", "role:ADMIN"));

        assertThat(routes.candidates(PathContainer.parsePath("/api/billing/invoices")))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.audience()).isEqualTo("billing-service");
                    assertThat(route.rules())
                            .singleElement()
                            .satisfies(
                                    rule -> assertThat(rule.access()).isEqualTo(new Access(Access.Kind.ROLE, "ADMIN")));
                });
    }

    @Test
    void ofWhenNoRoutesThenRefused() {
        assertRefused(Map.of(), "No routes");
    }

    @Test
    void ofWhenRouteIdCannotBeAnEnvironmentVariableThenRefused() {
        assertRefused(
                Map.of("well-known", upstream("/x", "x", rule("/x/**", "public"))), "well-known", "letters and digits");
    }

    @Test
    void ofWhenUpstreamRouteHasNoAudienceThenRefusedNamingIt() {
        assertRefused(
                Map.of("billing", upstream("/api/billing", null, rule("/api/billing/**", "public"))),
                "'billing'",
                "needs an audience");
    }

    @Test
    void ofWhenUpstreamRouteHasNoOrAnUnsafePathThenRefused() {
        for (String path : new String[] {null, "/", "/api/x/", "/api/*", "/api/%78", "/api/../x", "/api;x", "api"}) {
            assertRefused(Map.of("x", upstream(path, "x", rule("/api/x/**", "public"))), "'x'", "path");
        }
    }

    @Test
    void ofWhenUriHasAPathOrOddSchemeThenRefused() {
        for (String uri : new String[] {"http://forum:8082/api", "ftp://forum", "http://u:p@forum", "/relative"}) {
            RouteProperties.Route route = new RouteProperties.Route(
                    java.net.URI.create(uri),
                    "/x",
                    "",
                    "x",
                    List.of(rule("/x/**", "public")),
                    false,
                    false,
                    null,
                    null,
                    null);
            assertRefused(Map.of("x", route), "'x'", "uri");
        }
    }

    @Test
    void ofWhenTwoRoutesClaimOverlappingPathsThenRefusedNamingBoth() {
        Map<String, RouteProperties.Route> routes = new LinkedHashMap<>();
        routes.put("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "public")));
        routes.put("admin", upstream("/api/forum/admin", "admin-service", rule("/api/forum/admin/**", "public")));

        assertRefused(routes, "'forum'", "'admin'", "overlap");
    }

    @Test
    void ofWhenSiblingPrefixesShareLettersThenTheyAreDistinct() {
        Map<String, RouteProperties.Route> routes = new LinkedHashMap<>();
        routes.put("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "public")));
        routes.put("forums", upstream("/api/forums", "forums-service", rule("/api/forums/**", "public")));

        Routes valid = Routes.of(routes, TIMEOUT, TIMEOUT);

        assertThat(valid.candidates(PathContainer.parsePath("/api/forums/1")))
                .singleElement()
                .satisfies(route -> assertThat(route.id()).isEqualTo("forums"));
    }

    @Test
    void ofWhenRuleLiesOutsideItsRoutePathThenRefused() {
        assertRefused(
                Map.of("forum", upstream("/api/forum", "forum-service", rule("/api/auth/**", "public"))),
                "rule #0",
                "outside");
    }

    @Test
    void ofWhenRuleIsShadowedByAnEarlierOneThenRefusedAsUnreachable() {
        assertRefused(
                Map.of(
                        "auth",
                        upstream(
                                "/api/auth",
                                "auth-service",
                                rule("/api/auth/**", "authenticated"),
                                rule("/api/auth/admin/**", "role:ADMIN"))),
                "rule #1",
                "unreachable",
                "rule #0");
        assertRefused(
                Map.of(
                        "forum",
                        upstream(
                                "/api/forum",
                                "forum-service",
                                rule("/api/forum/**", "public", "GET", "HEAD"),
                                rule("/api/forum/threads", "public", "GET"))),
                "unreachable");
    }

    @Test
    void ofWhenLaterRuleCoversOtherMethodsThenReachable() {
        Routes routes = Routes.of(
                Map.of(
                        "forum",
                        upstream(
                                "/api/forum",
                                "forum-service",
                                rule("/api/forum/**", "public", "GET"),
                                rule("/api/forum/**", "authenticated"))),
                TIMEOUT,
                TIMEOUT);

        assertThat(routes.all().get(0).rules()).hasSize(2);
    }

    @Test
    void ofWhenMethodOrAccessUnknownThenRefused() {
        assertRefused(
                Map.of("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "public", "BREW"))),
                "BREW");
        assertRefused(
                Map.of("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "everyone"))),
                "everyone");
    }

    @Test
    void ofWhenGatewayOwnRuleLiesInsideAnUpstreamPrefixThenRefused() {
        Map<String, RouteProperties.Route> routes = new LinkedHashMap<>();
        routes.put("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "public")));
        routes.put(
                "page",
                new RouteProperties.Route(
                        null,
                        null,
                        "",
                        null,
                        List.of(rule("/api/forum/secret", "public")),
                        false,
                        false,
                        null,
                        null,
                        null));

        assertRefused(routes, "'page'", "inside route 'forum'");
    }

    @Test
    void ofWhenGatewayOwnRouteNamesAnAudienceThenRefused() {
        assertRefused(
                Map.of(
                        "page",
                        new RouteProperties.Route(
                                null,
                                null,
                                "",
                                "page-service",
                                List.of(rule("/", "public")),
                                false,
                                false,
                                null,
                                null,
                                null)),
                "'page'",
                "served by the gateway itself");
    }

    @Test
    void ofWhenNoPermissionNamespaceThenTheAudienceWithoutServiceElseAsConfigured() {
        Map<String, RouteProperties.Route> routes = new LinkedHashMap<>();
        routes.put("forum", upstream("/api/forum", "forum-service", rule("/api/forum/**", "public")));
        routes.put("wiki", upstream("/api/wiki", "wiki", rule("/api/wiki/**", "public")));
        RouteProperties.Route notify =
                upstream("/api/notify", "notification-service", rule("/api/notify/**", "public"));
        routes.put(
                "notify",
                new RouteProperties.Route(
                        notify.uri(),
                        notify.path(),
                        "",
                        notify.audience(),
                        notify.rules(),
                        false,
                        false,
                        null,
                        null,
                        "notify"));

        List<String> namespaces = Routes.of(routes, TIMEOUT, TIMEOUT).all().stream()
                .map(Routes.Route::permissionNamespace)
                .toList();

        assertThat(namespaces).containsExactly("forum", "wiki", "notify");
    }

    @Test
    void ofWhenPermissionNamespaceIsNotAPermissionPrefixThenRefused() {
        for (String namespace : new String[] {"forum:", "Forum", "", "forum:post"}) {
            RouteProperties.Route route = new RouteProperties.Route(
                    java.net.URI.create("http://upstream:8080"),
                    "/x",
                    "",
                    "x-service",
                    List.of(rule("/x/**", "public")),
                    false,
                    false,
                    null,
                    null,
                    namespace);
            assertRefused(Map.of("x", route), "'x'", "permission-namespace");
        }
    }

    @Test
    void ofWhenRouteHasNoRulesThenRefused() {
        assertRefused(Map.of("forum", upstream("/api/forum", "forum-service")), "'forum'", "no rules");
    }
}
