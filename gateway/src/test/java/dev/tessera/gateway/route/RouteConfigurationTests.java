package dev.tessera.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.gateway.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Configuration;

class RouteConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GatewayProperties.class, RouteProperties.class})
    static class Properties {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, RouteConfiguration.class)
            .withPropertyValues(
                    "tessera.gateway.routes.forum.uri=http://localhost:8082",
                    "tessera.gateway.routes.forum.path=/api/forum",
                    "tessera.gateway.routes.forum.audience=forum-service",
                    "tessera.gateway.routes.forum.rules[0].pattern=/api/forum/**",
                    "tessera.gateway.routes.forum.rules[0].access=public");

    @Test
    void startWhenRoutesValidThenOneGatewayRoutePerUpstreamCarryingItsAudience() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RouteLocator.class)
                            .getRoutes()
                            .collectList()
                            .block())
                    .singleElement()
                    .satisfies(route -> {
                        assertThat(route.getId()).isEqualTo("forum");
                        assertThat(route.getMetadata()).containsEntry("tessera-audience", "forum-service");
                        assertThat(route.getFilters()).hasSize(1);
                        assertThat(route.getFilters().get(0).toString()).contains("/api/forum -> /");
                    });
        });
    }

    @Test
    void startWhenARouteKeyIsMisspeltThenRefusedNamingIt() {
        runner.withPropertyValues("tessera.gateway.routes.forum.upstream-pth=/forum")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(Routes.InvalidRouteException.class)
                        .hasMessageContaining("tessera.gateway.routes.forum.upstream-pth"));
    }

    @Test
    void startWhenARuleKeyIsMisspeltThenRefusedNamingIt() {
        runner.withPropertyValues("tessera.gateway.routes.forum.rules[0].method=GET")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tessera.gateway.routes.forum.rules[0].method"));
    }

    @Test
    void startWhenAPermissionRuleThenResolvedToTheRolesGrantedItFromUpperOrLowerCaseKeys() {
        runner.withPropertyValues(
                        "tessera.gateway.routes.forum.rules[0].pattern=/api/forum/moderation/**",
                        "tessera.gateway.routes.forum.rules[0].access=permission:forum:moderate",
                        "tessera.gateway.routes.forum.rules[1].pattern=/api/forum/**",
                        "tessera.gateway.routes.forum.rules[1].access=public",
                        "tessera.gateway.policy.enabled=false",
                        // An environment variable (TESSERA_GATEWAY_ROLEPERMISSIONS_MODERATOR) arrives lower case.
                        "tessera.gateway.role-permissions.moderator=forum:moderate",
                        "tessera.gateway.role-permissions.ADMIN=forum:moderate,users:read")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Routes routes = context.getBean(Routes.class);
                    assertThat(routes.candidates(org.springframework.http.server.PathContainer.parsePath(
                                            "/api/forum/moderation/queue"))
                                    .get(0)
                                    .rules()
                                    .get(0)
                                    .access()
                                    .grantedBy())
                            .containsExactlyInAnyOrder("MODERATOR", "ADMIN");
                });
    }

    @Test
    void startWhenAPermissionIsGrantedToNoRoleThenRefusedNamingTheRule() {
        runner.withPropertyValues(
                        "tessera.gateway.routes.forum.rules[0].access=permission:forum:moderate",
                        "tessera.gateway.policy.enabled=false",
                        "tessera.gateway.role-permissions.ADMIN=users:read")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(Routes.InvalidRouteException.class)
                        .hasMessageContainingAll("Route 'forum', rule #0", "forum:moderate", "nobody"));
    }

    @Test
    void startWhenARoleGrantsAMalformedPermissionThenRefusedNamingTheRole() {
        runner.withPropertyValues(
                        "tessera.gateway.policy.enabled=false", "tessera.gateway.role-permissions.ADMIN=Users Read")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(Routes.InvalidRouteException.class)
                        .hasMessageContainingAll("tessera.gateway.role-permissions.ADMIN", "Users Read"));
    }

    @Test
    void startWhenPolicyFromAuthServiceAndAPermissionGrantedToNoRoleYetThenStartsAndDenies() {
        runner.withPropertyValues("tessera.gateway.routes.forum.rules[0].access=permission:forum:moderate")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RolePermissions permissions = context.getBean(RolePermissions.class);
                    assertThat(permissions.version()).isNull();
                    assertThat(permissions.grants("forum:moderate", java.util.List.of("ADMIN", "MODERATOR")))
                            .isFalse();
                });
    }

    @Test
    void startWhenPolicyFromAuthServiceAndStaticRolePermissionsSetThenRefusedNamingBoth() {
        runner.withPropertyValues("tessera.gateway.role-permissions.ADMIN=users:read")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(Routes.InvalidRouteException.class)
                        .hasMessageContainingAll(
                                "tessera.gateway.role-permissions", "tessera.gateway.policy.enabled=false"));
    }

    @Test
    void startWhenStaticPolicyThenRolePermissionsGrantFromUpperOrLowerCaseKeys() {
        runner.withPropertyValues(
                        "tessera.gateway.routes.forum.rules[0].access=permission:forum:moderate",
                        "tessera.gateway.policy.enabled=false",
                        "tessera.gateway.role-permissions.moderator=forum:moderate")
                .run(context -> {
                    RolePermissions permissions = context.getBean(RolePermissions.class);
                    assertThat(permissions.version()).isEqualTo("static");
                    assertThat(permissions.grants("forum:moderate", java.util.List.of("MODERATOR")))
                            .isTrue();
                    assertThat(permissions.grants("forum:moderate", java.util.List.of("USER")))
                            .isFalse();
                });
    }
}
