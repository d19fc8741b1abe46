package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RequestIdAutoConfigurationTests {

    private static final AutoConfigurations KIT = AutoConfigurations.of(RequestIdAutoConfiguration.class);

    @Test
    void servletApplicationWhenStartedThenRequestIdFilterFirstOfAll() {
        new WebApplicationContextRunner().withConfiguration(KIT).run(context -> {
            assertThat(context).hasBean("tesseraRequestIdFilter").doesNotHaveBean(RequestIdWebFilter.class);
            FilterRegistrationBean<?> registration =
                    context.getBean("tesseraRequestIdFilter", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(RequestIdFilter.class);
            assertThat(registration.getOrder()).isEqualTo(RequestIdAutoConfiguration.FILTER_ORDER);
        });
    }

    @Test
    void reactiveApplicationWhenStartedThenRequestIdWebFilterAndNoServletFilter() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .run(context -> assertThat(context)
                        .hasSingleBean(RequestIdWebFilter.class)
                        .doesNotHaveBean("tesseraRequestIdFilter"));
    }

    @Test
    void applicationWhenItDefinesItsOwnThenKitBacksOff() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withUserConfiguration(OwnRequestId.class)
                .run(context -> assertThat(context)
                        .hasSingleBean(RequestIdWebFilter.class)
                        .hasBean("ownRequestIdWebFilter"));
    }

    @Test
    void propertyWhenDisabledThenNoFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.http.request-id.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("tesseraRequestIdFilter"));
    }

    @Test
    void nonWebApplicationWhenStartedThenNothing() {
        new ApplicationContextRunner()
                .withConfiguration(KIT)
                .run(context -> assertThat(context).doesNotHaveBean(RequestIdProperties.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRequestId {

        @Bean
        RequestIdWebFilter ownRequestIdWebFilter() {
            return new RequestIdWebFilter();
        }
    }
}
