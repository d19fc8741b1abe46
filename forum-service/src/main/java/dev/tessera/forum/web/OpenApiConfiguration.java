package dev.tessera.forum.web;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (through the gateway: {@code /api/forum/v3/api-docs}).
 * Paths are the service's own; the gateway adds {@code /api/forum}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The caller arrives in a header the gateway writes, not as a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Passport.class);
    }

    @Bean
    OpenAPI forumOpenApi() {
        SecurityScheme passport = new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(PassportSigner.HEADER)
                .description("Minted by the gateway for every routed request; clients never send it themselves.");
        return new OpenAPI()
                .info(new Info().title("Tessera forum-service").version("v1").description("""
                                Threads and posts. Reading is public; writing needs a logged-in caller; \
                                PATCH and DELETE need the author, a MODERATOR or an ADMIN, and an If-Match \
                                header with the ETag last read (428 without it, 412 when stale). Lists are \
                                keyset-paginated: pass the returned `next` as `cursor`; `size` 1-100, \
                                default 20. Errors are RFC 9457 problem details."""))
                .servers(List.of(
                        new Server().url("/api/forum").description("Through the gateway (clients)"),
                        new Server().url("/").description("Direct (inside the deployment; needs a passport)")))
                .components(new Components().addSecuritySchemes("passport", passport))
                .addSecurityItem(new SecurityRequirement().addList("passport"));
    }
}
