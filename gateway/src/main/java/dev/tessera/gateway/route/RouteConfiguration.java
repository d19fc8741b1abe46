package dev.tessera.gateway.route;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.passport.PassportMintingFilter;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes of docs/contracts.md. Upstream addresses and timeouts come from {@link GatewayProperties};
 * each route names the audience its passports are minted for. Anything not routed here is denied by the
 * access policy before routing.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    @Bean
    RouteLocator tesseraRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        Map<String, Object> timeouts = Map.of(
                CONNECT_TIMEOUT_ATTR,
                (int) properties.connectTimeout().toMillis(),
                RESPONSE_TIMEOUT_ATTR,
                properties.responseTimeout().toMillis());
        String auth = properties.authUri().toString();
        String forum = properties.forumUri().toString();
        return builder.routes()
                .route(
                        "auth",
                        route -> route.path("/api/auth/**")
                                .filters(filters -> filters.rewritePath("/api/auth(?<rest>.*)", "/auth${rest}"))
                                .metadata(timeouts)
                                .metadata(PassportMintingFilter.AUDIENCE, "auth-service")
                                .uri(auth))
                .route(
                        "well-known",
                        route -> route.path("/.well-known/**")
                                .metadata(timeouts)
                                .metadata(PassportMintingFilter.AUDIENCE, "auth-service")
                                .uri(auth))
                .route(
                        "forum",
                        route -> route.path("/api/forum/**")
                                .filters(filters -> filters.stripPrefix(2))
                                .metadata(timeouts)
                                .metadata(PassportMintingFilter.AUDIENCE, "forum-service")
                                .uri(forum))
                .build();
    }
}
