package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
        // "short": 5 bytes. The failure must be the length check, not any other start-up failure.
        runner.withPropertyValues("tessera.passport.secrets=c2hvcnQ=")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is 5 bytes decoded; at least 32 are required"));
    }

    @Test
    void startWhenSecretOneByteUnder256BitsThenRefusedAndAt256BitsThenStarts() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0xA0 + i);
        }
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        runner.withPropertyValues("tessera.passport.secrets=" + base64.encodeToString(java.util.Arrays.copyOf(key, 31)))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("is 31 bytes decoded; at least 32 are required"));
        runner.withPropertyValues("tessera.passport.secrets=" + base64.encodeToString(key))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PassportVerifier.class));
    }

    @Test
    void startWhenTheOncePublishedDevelopmentSecretThenRefused() {
        String published = java.util.Base64.getEncoder()
                .encodeToString("tessera-development-passport-secret-not-for-production".getBytes());
        runner.withPropertyValues("tessera.passport.secrets=" + published)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("published"));
    }

    @Test
    void startWhenDevProfileWithoutSecretThenStillRefused() {
        runner.withPropertyValues("spring.profiles.active=dev")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tessera.passport.secrets"));
    }

    @Test
    void startWhenAudienceMissingThenRefused() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .withPropertyValues("tessera.passport.secrets=" + TestHttp.SECRET)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("audience"));
    }

    @Test
    void startWhenNotAServletApplicationThenBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PassportVerifier.class));
    }

    @Test
    void servletApplicationWhenStartedThenFilterResolverAndInterceptorButNoWebFilter() {
        runner.withPropertyValues("tessera.passport.secrets=" + TestHttp.SECRET).run(context -> {
            assertThat(context).hasBean("tesseraPassportFilter").hasBean("tesseraPassportWebMvcConfigurer");
            assertThat(context)
                    .doesNotHaveBean(PassportWebFilter.class)
                    .doesNotHaveBean(RequireCallerHandlerAdapter.class);
            assertThat(context.getBean("tesseraPassportFilter", FilterRegistrationBean.class)
                            .getOrder())
                    .isEqualTo(PassportAutoConfiguration.FILTER_ORDER);
        });
    }

    @Test
    void reactiveApplicationWhenStartedThenWebFilterResolverAndHandlerAdapterButNoServletFilter() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .withPropertyValues(
                        "tessera.passport.audience=forum-service", "tessera.passport.secrets=" + TestHttp.SECRET)
                .run(context -> assertThat(context)
                        .hasSingleBean(PassportWebFilter.class)
                        .hasSingleBean(RequireCallerHandlerAdapter.class)
                        .hasBean("tesseraPassportWebFluxConfigurer")
                        .doesNotHaveBean("tesseraPassportFilter"));
    }

    @Test
    void applicationWhenItDefinesItsOwnVerifierThenKitBacksOffAndUsesIt() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PassportAutoConfiguration.class))
                .withUserConfiguration(OwnVerifier.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PassportVerifier.class);
                    assertThat(context.getBean(PassportVerifier.class).audience())
                            .isEqualTo("own-service");
                });
    }

    @Test
    void metricsWhenAPassportIsRefusedThenCountedByReason() {
        runner.withPropertyValues("tessera.passport.secrets=" + TestHttp.SECRET)
                .withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class)
                .run(context -> {
                    context.getBean(PassportAutoConfiguration.RejectionCounter.class)
                            .accept(dev.tessera.passport.PassportException.Reason.EXPIRED);
                    assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                                    .counter("tessera.passport.rejections", "reason", "EXPIRED")
                                    .count())
                            .isEqualTo(1.0);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnVerifier {

        @Bean
        PassportVerifier ownVerifier() {
            return new PassportVerifier(PassportSecrets.of(java.util.List.of(TestHttp.SECRET)), "own-service");
        }
    }
}
