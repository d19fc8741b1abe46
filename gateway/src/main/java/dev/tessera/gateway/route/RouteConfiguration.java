package dev.tessera.gateway.route;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import dev.tessera.gateway.GatewayProperties;
import java.util.List;
import java.util.Map;
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
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    Routes routes(RouteProperties properties, GatewayProperties gateway, Environment environment) {
        refuseUnknownKeys(environment);
        return Routes.of(
                properties.routes(), properties.rolePermissions(), gateway.connectTimeout(), gateway.responseTimeout());
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
