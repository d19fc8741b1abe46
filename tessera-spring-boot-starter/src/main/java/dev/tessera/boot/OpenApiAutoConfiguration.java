package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The passport in the service's OpenAPI document (only with springdoc on the classpath, {@link OpenApiProperties}):
 * the {@value #SCHEME} API-key scheme on {@link PassportSigner#HEADER}, the two ways to reach the service as the
 * document's servers (through the gateway at {@code tessera.openapi.gateway-prefix}, or directly at {@code /}), and
 * no {@link Passport} controller parameter in any operation. The service's own {@code OpenAPI} bean keeps the title,
 * version and description.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnBooleanProperty(name = "tessera.openapi.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OpenApiProperties.class)
public final class OpenApiAutoConfiguration {

    /** The name of the security scheme. */
    static final String SCHEME = "passport";

    OpenApiAutoConfiguration() {
        // The caller arrives in a header the gateway writes, not as a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Passport.class);
    }

    @Bean
    @ConditionalOnMissingBean(name = "tesseraOpenApiCustomizer")
    OpenApiCustomizer tesseraOpenApiCustomizer(OpenApiProperties properties) {
        return openApi -> customize(openApi, properties);
    }

    static void customize(OpenAPI openApi, OpenApiProperties properties) {
        SecurityScheme passport = new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(PassportSigner.HEADER)
                .description("Minted by the gateway for every routed request; clients never send it themselves.");
        // Replaces the server springdoc derives from the request: the service's own URL is not the clients'.
        openApi.setServers(new ArrayList<>(List.of(
                new Server().url(properties.gatewayPrefix()).description("Through the gateway (clients)"),
                new Server().url("/").description("Direct (inside the deployment; needs a passport)"))));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, passport);
        if (properties.passportRequired()) {
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        }
    }
}
