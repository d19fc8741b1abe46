package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class RequestBodyLimitAutoConfigurationTests {

    private static final AutoConfigurations KIT = AutoConfigurations.of(RequestBodyLimitAutoConfiguration.class);

    @Test
    void servletApplicationWhenStartedThenLimitFilterAfterThePassportWith256KibDefault() {
        new WebApplicationContextRunner().withConfiguration(KIT).run(context -> {
            FilterRegistrationBean<?> registration =
                    context.getBean("tesseraRequestBodyLimitFilter", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(RequestBodyLimitFilter.class);
            assertThat(registration.getOrder()).isGreaterThan(PassportAutoConfiguration.FILTER_ORDER);
            assertThat(context.getBean(RequestBodyProperties.class).maxSize()).isEqualTo(DataSize.ofKilobytes(256));
        });
    }

    @Test
    void reactiveApplicationWhenSizeSetThenWebFilterWithThatSize() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.http.request-body.max-size=16KB")
                .run(context -> {
                    assertThat(context).hasSingleBean(RequestBodyLimitWebFilter.class);
                    assertThat(context.getBean(RequestBodyProperties.class).maxSize())
                            .isEqualTo(DataSize.ofKilobytes(16));
                });
    }

    @Test
    void sizeWhenAPlainNumberThenBytes() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.http.request-body.max-size=262144")
                .run(context -> assertThat(
                                context.getBean(RequestBodyProperties.class).maxSize())
                        .isEqualTo(DataSize.ofKilobytes(256)));
    }

    @Test
    void applicationWhenItDefinesItsOwnThenKitBacksOff() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withUserConfiguration(OwnLimit.class)
                .run(context -> assertThat(context)
                        .hasSingleBean(RequestBodyLimitWebFilter.class)
                        .hasBean("ownLimit"));
    }

    @Test
    void propertyWhenDisabledThenNoFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues("tessera.http.request-body.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("tesseraRequestBodyLimitFilter"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLimit {

        @Bean
        RequestBodyLimitWebFilter ownLimit() {
            return new RequestBodyLimitWebFilter(1);
        }
    }
}
