package dev.tessera.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Security's decoder is created exactly when {@code tessera.gateway.jwt.verifier} binds to {@code
 * SPRING_SECURITY}, however it is written: the condition and {@link JwtProperties} read the setting the same way.
 */
class SpringSecurityVerifierChosenTests {

    @Configuration(proxyBeanMethods = false)
    static class Probe {

        @Bean
        @Conditional(VerifyConfiguration.SpringSecurityVerifierChosen.class)
        String springSecurityVerifierMarker() {
            return "chosen";
        }
    }

    @ParameterizedTest
    @CsvSource({
        "spring-security, true",
        "SPRING_SECURITY, true",
        "Spring-Security, true",
        "tessera, false",
        "'', false",
    })
    void conditionWhenSettingWrittenThusThenMatchesLikeTheBinding(String value, boolean chosen) {
        new ApplicationContextRunner()
                .withUserConfiguration(Probe.class)
                .withPropertyValues("tessera.gateway.jwt.verifier=" + value)
                .run(context -> assertThat(context.containsBean("springSecurityVerifierMarker"))
                        .isEqualTo(chosen));
    }

    @Test
    void conditionWhenUnsetThenTesserasVerifier() {
        new ApplicationContextRunner()
                .withUserConfiguration(Probe.class)
                .run(context -> assertThat(context.containsBean("springSecurityVerifierMarker"))
                        .isFalse());
    }
}
