package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SecurityHeadersAutoConfigurationTests {

    private static final AutoConfigurations KIT = AutoConfigurations.of(SecurityHeadersAutoConfiguration.class);

    @Test
    void servletApplicationWhenStartedThenHeadersFilterRightAfterRequestId() {
        new WebApplicationContextRunner().withConfiguration(KIT).run(context -> {
            FilterRegistrationBean<?> registration =
                    context.getBean("tesseraSecurityHeadersFilter", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(SecurityHeadersFilter.class);
            assertThat(registration.getOrder()).isEqualTo(SecurityHeadersAutoConfiguration.FILTER_ORDER);
            assertThat(context).doesNotHaveBean(SecurityHeadersWebFilter.class);
        });
    }

    @Test
    void propertiesWhenSetThenHeaderValuesFollowThem() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(
                        "tessera.http.security-headers.content-security-policy=default-src 'self'",
                        "tessera.http.security-headers.frame-options=SAMEORIGIN")
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityHeadersWebFilter.class);
                    String[][] headers =
                            context.getBean(SecurityHeadersProperties.class).headers();
                    assertThat(headers[0]).containsExactly("X-Content-Type-Options", "nosniff");
                    assertThat(headers[1]).containsExactly("X-Frame-Options", "SAMEORIGIN");
                    assertThat(headers[2]).containsExactly("Referrer-Policy", "no-referrer");
                    assertThat(headers[3]).containsExactly("Content-Security-Policy", "default-src 'self'");
                });
    }

    @Test
    void applicationWhenItDefinesItsOwnThenKitBacksOff() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withUserConfiguration(OwnHeaders.class)
                .run(context -> assertThat(context.getBean("tesseraSecurityHeadersFilter"))
                        .isSameAs(context.getBean(OwnHeaders.class).registration));
    }

    @Test
    void propertyWhenDisabledThenNoFilter() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.http.security-headers.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SecurityHeadersWebFilter.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHeaders {

        final FilterRegistrationBean<?> registration = new FilterRegistrationBean<>();

        @Bean
        FilterRegistrationBean<?> tesseraSecurityHeadersFilter() {
            return this.registration;
        }
    }
}
