package dev.tessera.forum.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (through the gateway: {@code /api/forum/v3/api-docs}).
 * Paths are the service's own; the gateway adds {@code /api/forum}. The starter adds the passport scheme, required
 * of every operation, and the servers ({@code tessera.openapi.*} in {@code application.yml}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI forumOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tessera forum-service").version("v1").description("""
                        Threads and posts. Reading is public; writing needs a logged-in caller; \
                        PATCH and DELETE need the author or the forum:moderate permission, and an If-Match \
                        header with the ETag last read (428 without it, 412 when stale). Lists are \
                        keyset-paginated: pass the returned `next` as `cursor`; `size` 1-100, \
                        default 20. Errors are RFC 9457 problem details."""));
    }
}
