package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.service.AbstractRequestService;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OpenApiAutoConfigurationTests {

    private static final AutoConfigurations KIT = AutoConfigurations.of(OpenApiAutoConfiguration.class);

    @Test
    void servletApplicationWhenStartedThenPassportSchemeAndBothServersAndNoPassportParameter() {
        new WebApplicationContextRunner().withConfiguration(KIT).run(context -> {
            OpenAPI openApi = customized(context);

            SecurityScheme passport =
                    openApi.getComponents().getSecuritySchemes().get("passport");
            assertThat(passport.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
            assertThat(passport.getIn()).isEqualTo(SecurityScheme.In.HEADER);
            assertThat(passport.getName()).isEqualTo(PassportSigner.HEADER);
            assertThat(openApi.getServers())
                    .extracting(Server::getUrl, Server::getDescription)
                    .containsExactly(
                            tuple("/api", "Through the gateway (clients)"),
                            tuple("/", "Direct (inside the deployment; needs a passport)"));
            assertThat(openApi.getSecurity())
                    .as("no global requirement by default")
                    .isNull();
            assertThat(AbstractRequestService.isRequestTypeToIgnore(Passport.class))
                    .as("Passport is no request parameter")
                    .isTrue();
        });
    }

    @Test
    void propertiesWhenSetThenGatewayPrefixAndGlobalPassportRequirement() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(
                        "tessera.openapi.gateway-prefix=/api/forum", "tessera.openapi.passport-required=true")
                .run(context -> {
                    OpenAPI openApi = customized(context);
                    assertThat(openApi.getServers().get(0).getUrl()).isEqualTo("/api/forum");
                    assertThat(openApi.getSecurity()).containsExactly(new SecurityRequirement().addList("passport"));
                });
    }

    @Test
    void customizerWhenDocumentHasAGeneratedServerThenReplacesIt() {
        new WebApplicationContextRunner().withConfiguration(KIT).run(context -> {
            OpenAPI openApi = new OpenAPI().addServersItem(new Server().url("http://localhost:8080"));
            context.getBean(OpenApiCustomizer.class).customise(openApi);
            assertThat(openApi.getServers()).extracting(Server::getUrl).containsExactly("/api", "/");
        });
    }

    @Test
    void gatewayPrefixWhenNotAnAbsolutePathThenStartupFails() {
        for (String prefix : new String[] {"api", "/api/", "http://gateway/api"}) {
            new WebApplicationContextRunner()
                    .withConfiguration(KIT)
                    .withPropertyValues("tessera.openapi.gateway-prefix=" + prefix)
                    .run(context -> assertThat(context)
                            .as(prefix)
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("tessera.openapi.gateway-prefix"));
        }
    }

    @Test
    void springdocWhenAbsentThenNothing() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withClassLoader(new FilteredClassLoader("org.springdoc"))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(OpenApiAutoConfiguration.class)
                        .doesNotHaveBean(OpenApiProperties.class));
    }

    @Test
    void propertyWhenDisabledThenNoCustomizer() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.openapi.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OpenApiCustomizer.class));
    }

    @Test
    void applicationWhenItDefinesItsOwnThenKitBacksOff() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withUserConfiguration(OwnCustomizer.class)
                .run(context ->
                        assertThat(context.getBean("tesseraOpenApiCustomizer")).isSameAs(OwnCustomizer.CUSTOMIZER));
    }

    @Test
    void nonWebApplicationWhenStartedThenNothing() {
        new ApplicationContextRunner()
                .withConfiguration(KIT)
                .run(context -> assertThat(context).doesNotHaveBean(OpenApiCustomizer.class));
    }

    /** The document a service's own {@code OpenAPI} bean starts from, after the kit's customizer (the only one). */
    private static OpenAPI customized(ApplicationContext context) {
        OpenAPI openApi = new OpenAPI();
        context.getBean(OpenApiCustomizer.class).customise(openApi);
        return openApi;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCustomizer {

        static final OpenApiCustomizer CUSTOMIZER = openApi -> {};

        @Bean
        OpenApiCustomizer tesseraOpenApiCustomizer() {
            return CUSTOMIZER;
        }
    }
}
