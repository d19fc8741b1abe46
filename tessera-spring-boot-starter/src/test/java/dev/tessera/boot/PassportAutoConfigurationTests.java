package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class PassportAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
            .withPropertyValues("tessera.passport.audience=forum-service");

    @Test
    void startWhenSecretMissingThenRefused() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("tessera.passport.secrets"));
    }

    @Test
    void startWhenSecretShortThenRefused() {
        runner.withPropertyValues("tessera.passport.secrets=c2hvcnQ=")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void startWhenDevelopmentSecretWithoutDevProfileThenRefused() {
        runner.withPropertyValues("tessera.passport.secrets=" + PassportSecrets.DEVELOPMENT_SECRET)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("development"));
    }

    @Test
    void startWhenDevProfileWithoutSecretThenStartsWithDevelopmentSecret() {
        runner.withPropertyValues("spring.profiles.active=dev")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PassportVerifier.class));
    }

    @Test
    void startWhenAudienceMissingThenRefused() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .withPropertyValues("tessera.passport.secrets=" + PassportFilterTests.SECRET)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("audience"));
    }

    @Test
    void startWhenNotAServletApplicationThenBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PassportVerifier.class));
    }
}
