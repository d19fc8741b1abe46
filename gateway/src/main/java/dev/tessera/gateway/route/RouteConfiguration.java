package dev.tessera.gateway.route;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import dev.tessera.gateway.GatewayProperties;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Flux;

/**
 * Turns the configured routes ({@link RouteProperties}, validated as {@link Routes}) into Spring Cloud Gateway
 * routes: one per upstream route, matching its path prefix, rewriting it, carrying its audience and timeouts as
 * metadata. Nothing here names a service; anything no route owns is denied by the access policy first.
 *
 * <p>The permissions of {@code permission:NAME} rules come from one source ({@link PolicyProperties}): auth-service's
 * policy, polled at run time, or the static {@code tessera.gateway.role-permissions}, fixed at start-up. Never both: a
 * static grant that silently outlived an administrator's change would be a hole. With the static source a rule whose
 * permission no role grants still stops start-up (nothing can grant it later); with auth-service's it is a warning
 * and the rule denies until a role is given the permission.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
class RouteConfiguration {

    @Bean
    Routes routes(
            RouteProperties properties, PolicyProperties policy, GatewayProperties gateway, Environment environment) {
        refuseUnknownKeys(environment);
        if (policy.enabled() && !properties.rolePermissions().isEmpty()) {
            throw new Routes.InvalidRouteException("tessera.gateway.role-permissions is set, but the permissions of"
                    + " roles come from auth-service (tessera.gateway.policy.enabled is true): define them with"
                    + " /auth/admin/roles, or set tessera.gateway.policy.enabled=false to use the static ones");
        }
        return Routes.of(
                properties.routes(),
                policy.enabled() ? null : properties.rolePermissions(),
                gateway.connectTimeout(),
                gateway.responseTimeout());
    }

    @Bean
    RolePermissions rolePermissions(Routes routes, RouteProperties properties, PolicyProperties policy) {
        Set<String> required = routes.all().stream()
                .flatMap(route -> route.rules().stream())
                .map(Routes.Rule::access)
                .filter(access -> access.kind() == Access.Kind.PERMISSION)
                .map(Access::name)
                .collect(Collectors.toSet());
        if (policy.enabled()) {
            return RolePermissions.awaitingPolicy(required);
        }
        Map<String, Collection<String>> upperCase = new TreeMap<>();
        properties
                .rolePermissions()
                .forEach((role, granted) -> upperCase.put(role.strip().toUpperCase(Locale.ROOT), granted));
        return RolePermissions.fixed(upperCase, required);
    }

    @Bean
    RouteLocator tesseraRoutes(Routes routes) {
        List<Route> upstream = routes.all().stream()
                .filter(Routes.Route::isUpstream)
                .map(RouteConfiguration::toGatewayRoute)
                .toList();
        return () -> Flux.fromIterable(upstream);
    }

    private static Route toGatewayRoute(Routes.Route route) {
        String prefix = route.path();
        return Route.async()
                .id(route.id())
                .uri(route.uri())
                .predicate(exchange -> Routes.within(
                        exchange.getRequest().getPath().pathWithinApplication().value(), prefix))
                .filter(new UpstreamPathGatewayFilter(prefix, route.upstreamPath()))
                .metadata(Map.of(
                        RouteMetadata.PERMISSION_NAMESPACE,
                        route.permissionNamespace(),
                        CONNECT_TIMEOUT_ATTR,
                        (int) route.connectTimeout().toMillis(),
                        RESPONSE_TIMEOUT_ATTR,
                        route.responseTimeout().toMillis(),
                        RouteMetadata.AUDIENCE,
                        route.audience(),
                        RouteMetadata.FORWARD_CREDENTIALS,
                        route.forwardCredentials(),
                        RouteMetadata.FORWARD_CLIENT_AUTHENTICATION,
                        route.forwardClientAuthentication()))
                .build();
    }

    /** A misspelt key inside a route would otherwise be ignored silently, and with it a rule or a timeout. */
    private static void refuseUnknownKeys(Environment environment) {
        try {
            Binder.get(environment)
                    .bind(
                            "tessera.gateway.routes",
                            Bindable.mapOf(String.class, RouteProperties.Route.class),
                            new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        } catch (BindException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            throw new Routes.InvalidRouteException("tessera.gateway.routes: " + cause.getMessage());
        }
    }
}
