package dev.tessera.auth.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /auth/v3/api-docs} (through the gateway: {@code /api/auth/v3/api-docs}, public).
 * Paths are the service's own ({@code /auth/...}); the gateway serves them under {@code /api}. The starter adds the
 * passport scheme and the servers ({@code tessera.openapi.*}; the passport is not required globally: the public
 * endpoints are exempt).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI authOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tessera auth-service").version("v1").description("""
                        Accounts, login, rotating refresh tokens, logout, password change and \
                        administration. Endpoints other than register, login, refresh, logout and \
                        /.well-known need a signed-in caller (an access token at the gateway); \
                        /auth/admin/** needs ADMIN. Errors are RFC 9457 problem details."""));
    }
}
