package dev.tessera.passport;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration for servlet (Spring MVC) services: a {@link PassportVerifier} from {@link
 * PassportProperties}, a filter that refuses requests without a valid passport (401 problem+json), a
 * resolver for {@link Passport} controller parameters and enforcement of {@link RequireCaller}.
 *
 * <p>Start-up fails when {@code tessera.passport.audience} is missing or the secrets are missing, short
 * or the published development secret while the {@code dev} profile is not active.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, DispatcherServlet.class})
@EnableConfigurationProperties(PassportProperties.class)
public final class PassportAutoConfiguration {

    /** Filter order: early, so nothing else (but encoding/request-id filters) sees an unverified request. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    PassportAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    PassportVerifier passportVerifier(PassportProperties properties, Environment environment) {
        if (properties.audience() == null || properties.audience().isBlank()) {
            throw new IllegalStateException(
                    "tessera.passport.audience (this service's name, e.g. forum-service) is required");
        }
        boolean development = environment.acceptsProfiles(Profiles.of("dev"));
        PassportSecrets secrets = PassportSecrets.fromConfiguration(properties.secrets(), development);
        return new PassportVerifier(secrets, properties.audience(), Clock.systemUTC(), properties.clockSkew());
    }

    @Bean
    FilterRegistrationBean<PassportFilter> passportFilterRegistration(
            PassportVerifier verifier,
            PassportProperties properties,
            ObjectProvider<RejectionCounter> rejectionCounter) {
        List<String> exempt = (properties.exemptPaths() != null) ? properties.exemptPaths() : List.of();
        Consumer<PassportException.Reason> rejections = rejectionCounter.getIfAvailable(() -> reason -> {});
        FilterRegistrationBean<PassportFilter> registration =
                new FilterRegistrationBean<>(new PassportFilter(verifier, exempt, rejections));
        registration.setName("tesseraPassportFilter");
        registration.setOrder(FILTER_ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    WebMvcConfigurer passportWebMvcConfigurer(PassportVerifier verifier) {
        String audience = verifier.audience();
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new PassportArgumentResolver(audience));
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequireCallerInterceptor(audience));
            }
        };
    }

    /** Counts refused passports by reason, when the service has Micrometer ({@code tessera.passport.rejections}). */
    interface RejectionCounter extends Consumer<PassportException.Reason> {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class PassportMetricsConfiguration {

        @Bean
        RejectionCounter passportRejectionCounter(ObjectProvider<MeterRegistry> registry) {
            return reason -> registry.ifAvailable(
                    meters -> meters.counter("tessera.passport.rejections", "reason", reason.name())
                            .increment());
        }
    }
}
