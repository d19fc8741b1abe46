package dev.tessera.auth.openapi;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /auth/v3/api-docs} (through the gateway: {@code /api/auth/v3/api-docs}, public).
 * Paths are the service's own ({@code /auth/...}); the gateway serves them under {@code /api}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The caller arrives in a header the gateway writes, not as a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Passport.class);
    }

    @Bean
    OpenAPI authOpenApi() {
        SecurityScheme passport = new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(PassportSigner.HEADER)
                .description("Minted by the gateway for every routed request; clients never send it themselves.");
        return new OpenAPI()
                .info(new Info().title("Tessera auth-service").version("v1").description("""
                                Accounts, login, rotating refresh tokens, logout, password change and \
                                administration. Endpoints other than register, login, refresh, logout and \
                                /.well-known need a signed-in caller (an access token at the gateway); \
                                /auth/admin/** needs ADMIN. Errors are RFC 9457 problem details."""))
                .servers(List.of(
                        new Server().url("/api").description("Through the gateway (clients)"),
                        new Server().url("/").description("Direct (inside the deployment; needs a passport)")))
                .components(new Components().addSecuritySchemes("passport", passport));
    }
}
