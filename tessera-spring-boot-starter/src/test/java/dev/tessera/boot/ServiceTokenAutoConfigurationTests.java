package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ServiceTokenAutoConfigurationTests {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PassportAutoConfiguration.class, ServiceTokenAutoConfiguration.class))
            .withPropertyValues(
                    "tessera.passport.secrets=" + TestHttp.SECRET, "tessera.passport.audience=notification-service");

    @Test
    void startWhenNoKeySetConfiguredThenServiceTokensStayOff() {
        servlet.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(ServiceTokenVerifier.class)
                .doesNotHaveBean("tesseraServiceTokenFilter"));
    }

    @Test
    void startWhenKeySetWithoutIssuerThenRefusedNamingIt() {
        servlet.withPropertyValues("tessera.service-token.jwks-uri=http://127.0.0.1:1/jwks.json")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tessera.service-token.issuer"));
    }

    @Test
    void startWhenServletServiceThenFilterAndResolver() {
        servlet.withPropertyValues(
                        "tessera.service-token.jwks-uri=http://127.0.0.1:1/jwks.json",
                        "tessera.service-token.issuer=http://issuer.test")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasBean("tesseraServiceTokenFilter")
                        .hasBean("tesseraServiceCallerWebMvcConfigurer")
                        .doesNotHaveBean(ServiceTokenWebFilter.class));
    }

    @Test
    void startWhenReactiveServiceThenWebFilterAndResolver() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(PassportAutoConfiguration.class, ServiceTokenAutoConfiguration.class))
                .withPropertyValues(
                        "tessera.passport.secrets=" + TestHttp.SECRET,
                        "tessera.passport.audience=notification-service",
                        "tessera.service-token.jwks-uri=http://127.0.0.1:1/jwks.json",
                        "tessera.service-token.issuer=http://issuer.test")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(ServiceTokenWebFilter.class)
                        .doesNotHaveBean("tesseraServiceTokenFilter"));
    }

    @Test
    void verifyWhenKeySetUnreachableThenKeysUnavailableNotInvalid() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ServiceTokenVerifier verifier = new ServiceTokenVerifier(
                new ServiceTokenProperties(
                        URI.create("http://127.0.0.1:" + closed + "/jwks.json"),
                        ServiceTokens.ISSUER,
                        null,
                        List.of("/internal/**"),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(5),
                        Duration.ofMillis(500)),
                ServiceTokens.AUDIENCE);

        assertThatThrownBy(() -> verifier.verify(ServiceTokens.token("forum-service", "events:write")))
                .isInstanceOf(ServiceTokenProblems.KeysUnavailableException.class);
    }
}
