package dev.tessera.gateway.passport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.gateway.session.SessionCookieProperties;
import dev.tessera.gateway.verify.CsrfProperties;
import dev.tessera.gateway.verify.JwtProperties;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class PassportConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({JwtProperties.class, SessionCookieProperties.class, CsrfProperties.class})
    static class Jwt {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Jwt.class, PassportConfiguration.class);

    @Test
    void startWhenNoPassportSecretThenRefused() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("tessera.passport.secrets"));
    }

    @Test
    void startWhenShortSecretThenRefused() {
        runner.withPropertyValues("tessera.passport.secrets=c2hvcnQ=")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void startWhenDevelopmentSecretWithoutDevProfileThenRefused() {
        runner.withPropertyValues("tessera.passport.secrets=" + PassportSecrets.DEVELOPMENT_SECRET)
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void startWhenDevProfileThenDevelopmentSecretUsed() {
        runner.withPropertyValues("spring.profiles.active=dev")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PassportSigner.class));
    }
}
