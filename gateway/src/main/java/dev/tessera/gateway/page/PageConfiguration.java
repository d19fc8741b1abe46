package dev.tessera.gateway.page;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The forum page (module {@code web}, {@code classpath:/static}) is served by the gateway itself: {@code /}
 * answers {@code index.html}; the assets come from Spring's static resource handling, limited to {@code
 * classpath:/static/} and reachable only where an access rule allows it ({@code GET}/{@code HEAD}, public).
 * Security headers: {@link SecurityHeadersFilter}.
 */
@Configuration(proxyBeanMethods = false)
class PageConfiguration {

    static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> forumPage() {
        return RouterFunctions.route(
                RequestPredicates.GET("/").or(RequestPredicates.HEAD("/")),
                request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(INDEX));
    }
}
