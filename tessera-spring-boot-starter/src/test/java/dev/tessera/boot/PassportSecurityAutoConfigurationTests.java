package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.context.SecurityContextHolder;

class PassportSecurityAutoConfigurationTests {

    private static final AutoConfigurations KIT =
            AutoConfigurations.of(PassportAutoConfiguration.class, PassportSecurityAutoConfiguration.class);

    private static final String[] PASSPORT = {
        "tessera.passport.audience=forum-service", "tessera.passport.secrets=" + TestHttp.SECRET
    };

    @Test
    void servletApplicationWhenSpringSecurityPresentThenContextFilterRightAfterThePassportFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(PASSPORT)
                .run(context -> {
                    FilterRegistrationBean<?> registration =
                            context.getBean("tesseraPassportSecurityContextFilter", FilterRegistrationBean.class);
                    assertThat(registration.getFilter()).isInstanceOf(PassportSecurityContextFilter.class);
                    assertThat(registration.getOrder()).isEqualTo(PassportAutoConfiguration.FILTER_ORDER + 1);
                    assertThat(context).doesNotHaveBean(PassportSecurityContextWebFilter.class);
                });
    }

    @Test
    void reactiveApplicationWhenSpringSecurityPresentThenContextWebFilter() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(PASSPORT)
                .run(context -> assertThat(context)
                        .hasSingleBean(PassportSecurityContextWebFilter.class)
                        .doesNotHaveBean("tesseraPassportSecurityContextFilter"));
    }

    @Test
    void servletApplicationWhenSpringSecurityAbsentThenNoSecurityIntegration() {
        new WebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(PASSPORT)
                .withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasBean("tesseraPassportFilter")
                        .doesNotHaveBean("tesseraPassportSecurityContextFilter"));
    }

    @Test
    void reactiveApplicationWhenSpringSecurityAbsentThenNoSecurityIntegration() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(PASSPORT)
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(PassportWebFilter.class)
                        .doesNotHaveBean(PassportSecurityContextWebFilter.class));
    }

    @Test
    void applicationWhenItDefinesItsOwnContextWebFilterThenKitBacksOff() {
        PassportSecurityContextWebFilter own = new PassportSecurityContextWebFilter("own-service");
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(KIT)
                .withPropertyValues(PASSPORT)
                .withBean("own", PassportSecurityContextWebFilter.class, () -> own)
                .run(context -> assertThat(context.getBean(PassportSecurityContextWebFilter.class))
                        .isSameAs(own));
    }
}
