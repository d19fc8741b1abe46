package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import dev.tessera.passport.RequireCaller;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Passport verification for Spring MVC and WebFlux services: a {@link PassportVerifier} from {@code
 * tessera.passport.*}; a filter ({@code Filter} for servlet, {@code WebFilter} for reactive) that refuses requests
 * without a valid passport with a 401 problem before any handler; {@link Passport} controller parameters; and
 * enforcement of {@link RequireCaller}. The management port is a separate context and is not filtered.
 *
 * <p>Start-up fails when {@code tessera.passport.audience} is missing or the secrets are missing, short, or a key
 * Tessera once published for development. Refused passports are counted by reason
 * ({@code tessera.passport.rejections}) when Micrometer is present.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(PassportProperties.class)
public final class PassportAutoConfiguration {

    /** Filter order: early, so nothing but the request-id and header filters sees an unverified request. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    PassportAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    PassportVerifier passportVerifier(PassportProperties properties) {
        if (properties.audience() == null || properties.audience().isBlank()) {
            throw new IllegalStateException(
                    "tessera.passport.audience (this service's name, e.g. forum-service) is required");
        }
        PassportSecrets secrets = PassportSecrets.fromConfiguration(properties.secrets());
        return new PassportVerifier(secrets, properties.audience(), Clock.systemUTC(), properties.clockSkew());
    }

    @Bean
    ExemptPaths passportExemptPaths(PassportProperties properties) {
        return new ExemptPaths(properties.exemptPaths());
    }

    /** The machine-token paths when service tokens are on (their filter guards them), else none. */
    private static java.util.function.Predicate<String> machineTokenPaths(ObjectProvider<ServiceTokenPaths> paths) {
        ServiceTokenPaths configured = paths.getIfAvailable();
        return (configured != null) ? configured::matches : path -> false;
    }

    private static Consumer<PassportException.Reason> rejections(ObjectProvider<RejectionCounter> counter) {
        return counter.getIfAvailable(() -> reason -> {});
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

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class ServletPassportConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraPassportFilter")
        FilterRegistrationBean<PassportFilter> tesseraPassportFilter(
                PassportVerifier verifier,
                ExemptPaths exemptPaths,
                ObjectProvider<ServiceTokenPaths> machineTokenPaths,
                ObjectProvider<RejectionCounter> counter) {
            FilterRegistrationBean<PassportFilter> registration = new FilterRegistrationBean<>(new PassportFilter(
                    verifier, exemptPaths, machineTokenPaths(machineTokenPaths), rejections(counter)));
            registration.setOrder(FILTER_ORDER);
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean
        WebMvcConfigurer tesseraPassportWebMvcConfigurer(PassportVerifier verifier) {
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
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFluxConfigurer.class)
    static class ReactivePassportConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PassportWebFilter tesseraPassportWebFilter(
                PassportVerifier verifier,
                ExemptPaths exemptPaths,
                ObjectProvider<ServiceTokenPaths> machineTokenPaths,
                ObjectProvider<RejectionCounter> counter) {
            return new PassportWebFilter(
                    verifier, exemptPaths, machineTokenPaths(machineTokenPaths), rejections(counter));
        }

        @Bean
        WebFluxConfigurer tesseraPassportWebFluxConfigurer(PassportVerifier verifier) {
            String audience = verifier.audience();
            return new WebFluxConfigurer() {
                @Override
                public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                    configurer.addCustomResolver(new ReactivePassportArgumentResolver(audience));
                }
            };
        }

        @Bean
        RequireCallerHandlerAdapter tesseraRequireCallerHandlerAdapter(
                ObjectProvider<RequestMappingHandlerAdapter> delegate, PassportVerifier verifier) {
            return new RequireCallerHandlerAdapter(delegate, verifier.audience());
        }
    }
}
